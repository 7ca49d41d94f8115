/** How tests start the CLI: `spawn(process.execPath, [...CLI, 'serve', …])`. One place, so the suite can move to the compiled CLI. */
export const CLI = ['--import', 'tsx', 'src/cli/main.ts'];
