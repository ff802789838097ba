extension Assets {
    static let style = #"""
        :root { --line: #e4e4e7; --muted: #71717a; --accent: #2563eb; --hit: #dc2626; --bg: #fafafa; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.4 system-ui, sans-serif; color: #18181b; background: var(--bg); }
        header { display: flex; gap: 1em; align-items: baseline; padding: .4em 1em; border-bottom: 1px solid var(--line); background: #fff; }
        header h1 { font-size: 16px; margin: 0; }
        #service { color: var(--muted); font-size: 12px; }
        .connection { margin-left: auto; font-size: 12px; color: var(--muted); }
        .connection.lost { color: var(--hit); }
        main { display: grid; grid-template-columns: 230px minmax(0, 1fr) 480px; height: calc(100vh - 37px); }
        nav, aside, #source-pane { overflow: auto; border-right: 1px solid var(--line); }
        nav { padding: .5em; background: #fff; }
        .pane-title { font-weight: 600; padding: .5em; border-bottom: 1px solid var(--line); background: #f4f4f5; position: sticky; top: 0; z-index: 1; }
        .dir > summary { cursor: pointer; color: var(--muted); }
        .dir { margin-left: .6em; }
        .file { display: block; padding: 1px .4em; cursor: pointer; border-radius: 3px; white-space: nowrap; }
        .file:hover { background: #eef2ff; }
        .file.selected { background: var(--accent); color: #fff; }
        .file .count { color: var(--muted); font-size: 11px; }
        .file.selected .count { color: #dbeafe; }
        #source { font: 13px/1.5 ui-monospace, monospace; background: #fff; }
        .line { display: flex; white-space: pre; cursor: default; }
        .line .gutter { width: 5.5em; flex: none; text-align: right; padding-right: .8em; color: var(--muted); user-select: none; position: relative; }
        .line.probed { cursor: pointer; }
        .line.probed .gutter::before { content: "•"; color: var(--accent); position: absolute; left: .4em; }
        .line.has-tracepoint .gutter::before { content: "●"; color: var(--hit); }
        .line.probed:hover { background: #eff6ff; }
        .line.target { background: #fef9c3; }
        .line .code { padding-right: 1em; }
        .note { padding: .5em; color: var(--muted); }
        #line-note { background: #fff7ed; color: #9a3412; border-bottom: 1px solid var(--line); white-space: pre-wrap; }
        #line-note.done { background: #f0fdf4; color: #166534; }
        .tracepoint-form { margin: .3em 1em .6em 5.5em; padding: .6em .8em; border: 1px solid #bfdbfe; border-radius: 6px; background: #f8fafc; font: 13px system-ui, sans-serif; white-space: normal; max-width: 760px; }
        .tracepoint-form label { display: block; margin: .3em 0; }
        .tracepoint-form input:not([type=checkbox]), .tracepoint-form textarea { width: 100%; font: 12px ui-monospace, monospace; padding: 3px; }
        .tracepoint-form .row { display: flex; gap: 1em; align-items: end; }
        .tracepoint-form .row label { flex: 1; }
        .form-title { font-weight: 600; margin-bottom: .3em; }
        .field-error { color: var(--hit); margin: 0 0 .3em; font: 12px/1.3 ui-monospace, monospace; white-space: pre-wrap; }
        table { border-collapse: collapse; width: 100%; font-size: 12px; }
        th, td { text-align: left; padding: 3px 5px; border-bottom: 1px solid var(--line); vertical-align: top; }
        td.where .place { cursor: pointer; color: var(--accent); }
        td.where .condition { font: 11px ui-monospace, monospace; color: #3f3f46; word-break: break-word; }
        td.actions { display: flex; flex-direction: column; gap: 2px; }
        .status { color: var(--muted); font-size: 11px; }
        .status.error { color: var(--hit); }
        td button { font-size: 11px; }
        #processes { font-size: 12px; color: var(--muted); padding: 0 .5em; }
        .snapshot { border-bottom: 1px solid var(--line); padding: .4em .6em; background: #fff; }
        .snapshot > summary { cursor: pointer; font-size: 12px; }
        .snapshot .when { color: var(--muted); }
        .snapshot .log { font: 12px ui-monospace, monospace; margin: .2em 0; color: #166534; white-space: pre-wrap; }
        .snapshot h4 { margin: .4em 0 .1em; font-size: 11px; text-transform: uppercase; color: var(--muted); }
        .node, .leaf { font: 12px/1.5 ui-monospace, monospace; margin-left: 1em; }
        .node > summary { cursor: pointer; }
        .leaf { margin-left: 1em; padding-left: 1em; }
        .node .type, .leaf .type { color: var(--muted); }
        .truncated { color: #b45309; }
        .redacted { color: #7c3aed; }
        .frame { font: 12px ui-monospace, monospace; cursor: pointer; color: var(--accent); }
        .frame.unknown { cursor: default; color: var(--muted); }
        #older { margin: .6em; }
        """#
}
