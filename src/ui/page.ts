/** The inspector's HTML shell and styles; the script (bundled at build time) fills it in. No CDN: works offline. */
export const INSPECTOR_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>roaming-mock inspector</title>
<link rel="icon" href="data:,">
<style>
  :root { font: 13px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2433; background: #f4f6fa; }
  body { margin: 0; }
  header { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; padding: 8px 14px; background: #1d2433; color: #fff; }
  header h1 { font-size: 15px; margin: 0 8px 0 0; }
  header .group { display: flex; gap: 6px; align-items: center; }
  header select, header button, form input, form select, form button, .pager button { font: inherit; }
  #clock { font-variant-numeric: tabular-nums; background: #2e3850; padding: 2px 8px; border-radius: 4px; }
  main { display: grid; grid-template-columns: 170px 300px 1fr 1fr; gap: 10px; padding: 10px; }
  section { background: #fff; border: 1px solid #dde2ec; border-radius: 6px; padding: 8px 10px; min-width: 0; }
  section h2 { font-size: 13px; margin: 0 0 6px; color: #4a5570; }
  h3 { font-size: 12px; margin: 8px 0 4px; color: #4a5570; }
  .chip { display: inline-block; margin: 2px; padding: 2px 8px; border-radius: 10px; border: 1px solid #c9d1e2; background: #f7f9fc; cursor: pointer; }
  .chip.on { background: #3b6fe0; color: #fff; border-color: #3b6fe0; }
  .chip.static { cursor: default; }
  .row { padding: 6px; border-bottom: 1px solid #eef1f6; cursor: pointer; }
  .row.on { background: #eaf0fd; }
  .row .name { font-weight: 600; }
  .preview { color: #5b6680; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .badge { background: #e5484d; color: #fff; border-radius: 9px; padding: 0 6px; margin-left: 4px; font-size: 11px; }
  .pin { background: #e3ecff; border: 1px solid #b7c9f5; border-radius: 4px; padding: 0 4px; margin-left: 4px; font-size: 11px; }
  td.fault { color: #b35c00; font-weight: 600; }
  .mark { background: #fff4d6; border: 1px solid #f0d28a; border-radius: 4px; padding: 0 4px; margin-left: 4px; font-size: 11px; }
  .msg { position: relative; padding: 6px 28px 6px 8px; margin: 4px 0; border-radius: 6px; background: #f1f3f8; }
  .msg.own { background: #e6effd; }
  .msg .meta { font-size: 11px; color: #6b7590; }
  .msg .del { position: absolute; right: 6px; top: 4px; border: none; background: none; cursor: pointer; color: #8a93a8; }
  .msg .del:hover { color: #c2262b; }
  .pager { display: flex; gap: 6px; align-items: center; margin-bottom: 4px; }
  .muted { color: #8a93a8; }
  #bottom { display: grid; grid-template-columns: 2fr 1fr; gap: 10px; padding: 0 10px 10px; }
  table { width: 100%; border-collapse: collapse; font-size: 12px; font-variant-numeric: tabular-nums; }
  td { padding: 2px 6px; border-bottom: 1px solid #eef1f6; }
  td.path { font-family: ui-monospace, monospace; word-break: break-all; }
  tr.bad td { color: #c2262b; }
  form { display: flex; flex-wrap: wrap; gap: 4px; margin-bottom: 6px; }
  form input { min-width: 0; }
  #config label { display: block; }
  .toast { position: fixed; right: 14px; bottom: 14px; background: #1d2433; color: #fff; padding: 8px 12px; border-radius: 6px; max-width: 50ch; }
  .toast.bad { background: #c2262b; }
  .hidden { display: none; }
</style>
</head>
<body>
<header>
  <h1>roaming-mock inspector</h1>
  <div class="group">tenant <select id="tenant" data-testid="tenant"></select></div>
  <div class="group"><span id="clock" data-testid="clock"></span>
    <button id="freeze" data-testid="freeze">Freeze</button>
    <button id="advance-1h">+1h</button><button id="advance-1d" data-testid="advance-1d">+1d</button><button id="advance-8d" data-testid="advance-8d">+8d</button></div>
  <div class="group"><button id="reset" data-testid="reset">Reset</button>
    <select id="fixture" data-testid="fixture"></select><button id="load-fixture" data-testid="load-fixture">Load fixture</button></div>
</header>
<main>
  <section><h2>People</h2><div id="people"></div><h3>Tenant config</h3><div id="config"></div></section>
  <section><h2 id="conversations-title">Conversations</h2><div id="conversations" data-testid="conversations"></div>
    <h3>Legacy list (R6: last 7 days)</h3><div id="legacy" data-testid="legacy"></div></section>
  <section><div id="pane-mine" data-testid="pane-mine"></div></section>
  <section><div id="pane-theirs" data-testid="pane-theirs"></div></section>
</main>
<div id="bottom">
  <section><h2>Requests <label class="muted"><input type="checkbox" id="journal-all"> include /_mock</label></h2><table><tbody id="journal" data-testid="journal"></tbody></table></section>
  <section>
    <h2>Inject a message</h2>
    <form id="inject" data-testid="inject"><select id="inject-from" data-testid="inject-from"></select><input id="inject-to" placeholder="to (user, group, room)" data-testid="inject-to" required><input id="inject-text" placeholder="text" data-testid="inject-text" required><button>Send</button></form>
    <h2>Faults</h2>
    <form id="fault-form" data-testid="fault-form"><input id="fault-method" placeholder="method" size="6"><input id="fault-path" placeholder="/:org/:app/… or a path" size="24"><input id="fault-status" placeholder="status" size="4"><input id="fault-delay" placeholder="delay ms" size="6"><input id="fault-count" placeholder="count" size="4"><button>Add</button></form>
    <div id="faults" data-testid="faults"></div>
  </section>
</div>
<div id="toast" class="toast hidden"></div>
<script src="ui/inspector.js"></script>
</body>
</html>
`;
