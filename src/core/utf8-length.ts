/** UTF-8 size of a string, by hand (the core runs in browsers too: no Buffer). A lone surrogate counts 3, as encoders write U+FFFD. */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2; // the pair: 2 units, 4 bytes
      i++;
    } else n += 2;
  }
  return n;
}
