extension Assets {
    /// The page's skeleton; the script fills it. `{{token}}` becomes the access token.
    static let page = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>deep ui</title>
        <link rel="stylesheet" href="/app.css?token={{token}}">
        <script src="/app.js?token={{token}}" defer></script>
        </head>
        <body>
        <header>
          <h1>deep ui</h1>
          <span id="service"></span>
          <span id="connection" class="connection"></span>
        </header>
        <main>
          <nav id="files" aria-label="Instrumented files"></nav>
          <section id="source-pane" aria-label="Source">
            <div id="source-title" class="pane-title">Pick a file on the left; probed lines have a dot; click one to set a tracepoint.</div>
            <div id="line-note" class="note" hidden></div>
            <div id="source"></div>
          </section>
          <aside>
            <section aria-label="Tracepoints">
              <div class="pane-title">Tracepoints</div>
              <div id="processes"></div>
              <table id="tracepoints">
                <thead><tr><th>id</th><th>where, condition</th><th>kind</th><th>hits</th><th>fires</th><th></th></tr></thead>
                <tbody></tbody>
              </table>
              <div id="no-tracepoints" class="note">No tracepoints. Click a probed line to set one.</div>
            </section>
            <section aria-label="Snapshots">
              <div class="pane-title">Snapshots <span id="snapshot-count"></span></div>
              <div id="snapshots"></div>
              <button id="older" type="button" hidden>Older snapshots</button>
            </section>
          </aside>
        </main>
        <template id="form-template">
          <form id="tracepoint-form" class="tracepoint-form" autocomplete="off">
            <div class="form-title"></div>
            <label>Condition <input name="condition" placeholder="order.total > 100"></label>
            <pre class="field-error" data-field="condition" hidden></pre>
            <label>Log <input name="log" placeholder="order {order.id}: {order.items.count} items"></label>
            <pre class="field-error" data-field="log" hidden></pre>
            <label>Watches, one per line <textarea name="watches" rows="2" placeholder="order.items[0].price"></textarea></label>
            <pre class="field-error" data-field="watches" hidden></pre>
            <div class="row">
              <label>Fire count <input name="fireCount" value="1" size="9" placeholder="1 or unlimited"></label>
              <label>Fire period (ms) <input name="firePeriod" size="7" placeholder="1000"></label>
              <label>Until <input name="until" size="9" placeholder="2h"></label>
            </div>
            <pre class="field-error" data-field="fireCount" hidden></pre>
            <pre class="field-error" data-field="firePeriod" hidden></pre>
            <pre class="field-error" data-field="until" hidden></pre>
            <div class="row">
              <label><input type="checkbox" name="snapshot" checked> Snapshot</label>
              <label>Stage <select name="stage">
                <option value="">line_start</option><option>method_start</option><option>method_end</option><option>method_capture</option>
              </select></label>
              <label>Span <select name="span">
                <option value="">none</option><option>line</option><option>method</option>
              </select></label>
            </div>
            <pre class="field-error" data-field="stage" hidden></pre>
            <pre class="field-error" data-field="span" hidden></pre>
            <label>Metrics, one per line <textarea name="metrics" rows="1" placeholder="name=orders_priced labels=tier:order.tier"></textarea></label>
            <pre class="field-error" data-field="metrics" hidden></pre>
            <pre class="field-error" data-field="location" hidden></pre>
            <pre id="form-error" class="field-error" hidden></pre>
            <div class="row buttons">
              <button type="submit" id="form-submit">Set tracepoint</button>
              <button type="button" id="form-cancel">Cancel</button>
            </div>
          </form>
        </template>
        </body>
        </html>
        """#
}
