/** How tests start the CLI: `spawn(process.execPath, [...CLI, 'serve', …])`. One place, the compiled one (npm test builds it first), as users run it. */
export const CLI = ['dist/cli.js'];
