/**
 * `npm start` and `npx roaming-mock` run the CLI under `sh -c`; on SIGTERM npm signals that shell, which dies
 * without passing the signal on, and the server would keep serving as an orphan. So under npm (npm sets
 * `npm_command`), the parent's exit counts as a stop signal. Elsewhere a parent may exit on purpose (a detached
 * server), and nothing is watched.
 */
export function onParentExit(stop: () => void, env: NodeJS.ProcessEnv = process.env, everyMs = 250): void {
  if (!env.npm_command) return;
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    stop();
  }, everyMs);
  timer.unref();
}
