// The only platform globals the core uses, present in every runtime it targets (browsers, Node ≥ 16, Deno, Bun,
// workers). Checked by src/core/tsconfig.json alone; the root tsconfig has the DOM's own declarations instead.
declare function btoa(data: string): string;
declare function atob(data: string): string;
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
