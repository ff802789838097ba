extension Assets {
    /// The page's behaviour: plain JavaScript, no library. Everything a program captured or an
    /// operator typed goes into the page as text (`textContent`), never as markup.
    static let script = #"""
        "use strict";
        const token = new URLSearchParams(location.search).get("token") || "";
        const state = { files: [], file: null, rows: [], rowsText: "", start: null, end: 0 };
        const $ = (selector, root = document) => root.querySelector(selector);

        function element(tag, className, text) {
          const node = document.createElement(tag);
          if (className) node.className = className;
          if (text !== undefined && text !== null) node.textContent = String(text);
          return node;
        }

        async function api(path, options = {}) {
          const response = await fetch(path, {
            ...options,
            headers: { "X-Deep-Token": token, "Content-Type": "application/json", ...(options.headers || {}) },
          });
          const body = await response.json().catch(() => ({ error: "the server's answer is not JSON" }));
          return { ok: response.ok, body };
        }

        function connection(ok, message) {
          const node = $("#connection");
          node.textContent = ok ? "live" : message;
          node.classList.toggle("lost", !ok);
        }

        // Files: a tree of the instrumented files below the directory they share.
        async function loadFiles() {
          const { ok, body } = await api("/api/files");
          if (!ok) {
            $("#files").replaceChildren(element("div", "note", body.error));
            return;
          }
          state.files = body.files;
          $("#service").textContent = body.tracepointsFile;
          const paths = body.files.map((file) => file.path);
          const common = commonDirectory(paths);
          const root = { dirs: new Map(), files: [] };
          for (const file of body.files) {
            const parts = file.path.slice(common.length).split("/").filter((part) => part);
            let dir = root;
            for (const part of parts.slice(0, -1)) {
              if (!dir.dirs.has(part)) dir.dirs.set(part, { dirs: new Map(), files: [] });
              dir = dir.dirs.get(part);
            }
            dir.files.push({ name: parts[parts.length - 1], file });
          }
          $("#files").replaceChildren(renderDirectory(root));
          const wanted = new URLSearchParams(location.hash.slice(1));
          if (wanted.get("file")) openFile(wanted.get("file"), Number(wanted.get("line")) || null);
          else if (body.files.length === 1) openFile(body.files[0].path);
        }

        function commonDirectory(paths) {
          if (paths.length === 0) return "";
          let prefix = paths[0].slice(0, paths[0].lastIndexOf("/") + 1);
          for (const path of paths) while (!path.startsWith(prefix)) prefix = prefix.slice(0, prefix.slice(0, -1).lastIndexOf("/") + 1);
          return prefix;
        }

        function renderDirectory(dir) {
          const container = element("div");
          for (const [name, child] of [...dir.dirs].sort()) {
            const details = element("details", "dir");
            details.open = true;
            details.append(element("summary", null, name + "/"), renderDirectory(child));
            container.append(details);
          }
          for (const { name, file } of dir.files.sort((a, b) => a.name.localeCompare(b.name))) {
            const link = element("a", "file", name + " ");
            link.dataset.path = file.path;
            link.title = file.path;
            link.append(element("span", "count", file.lines.length));
            link.addEventListener("click", () => openFile(file.path));
            container.append(link);
          }
          return container;
        }

        // Source: one row a line; a probed line has a dot, a line with a tracepoint a red one.
        async function openFile(path, line = null) {
          const { ok, body } = await api("/api/source?path=" + encodeURIComponent(path));
          if (!ok) {
            note(body.error);
            return;
          }
          state.file = { path: body.path, lines: new Set(body.lines), sorted: body.lines, functions: body.functions };
          for (const link of document.querySelectorAll(".file")) link.classList.toggle("selected", link.dataset.path === path);
          $("#source-title").textContent = path;
          note(null);
          const rows = body.text.split("\n");
          if (rows.length > 1 && rows[rows.length - 1] === "") rows.pop();
          const source = $("#source");
          source.replaceChildren(
            ...rows.map((text, index) => {
              const number = index + 1;
              const row = element("div", "line" + (state.file.lines.has(number) ? " probed" : ""));
              row.dataset.line = number;
              row.append(element("span", "gutter", number), element("span", "code", text || " "));
              row.addEventListener("click", (event) => {
                if (!event.target.closest("form")) clickLine(number);
              });
              return row;
            }),
          );
          markTracepoints();
          history.replaceState(null, "", location.search + "#file=" + encodeURIComponent(path) + (line ? "&line=" + line : ""));
          if (line) showLine(line);
        }

        function showLine(line) {
          for (const row of document.querySelectorAll(".line.target")) row.classList.remove("target");
          const row = $(`.line[data-line="${line}"]`);
          if (!row) return;
          row.classList.add("target");
          row.scrollIntoView({ block: "center" });
        }

        // A line above the source: why a click did nothing, or (`done`) what it did.
        function note(text, done = false) {
          const node = $("#line-note");
          node.hidden = !text;
          node.textContent = text || "";
          node.classList.toggle("done", done);
        }

        async function clickLine(line) {
          if (!state.file.lines.has(line)) {
            // Why not, and the nearest lines that have one, as `deep set` says it.
            const { body } = await api(`/api/locate?path=${encodeURIComponent(state.file.path)}&line=${line}`);
            note(body.error || `line ${line} has a probe`);
            return;
          }
          note(null);
          openForm(line, null);
        }

        // The form: what `deep set` takes, checked by the server as `deep set` checks it.
        function openForm(line, tracepoint) {
          $("#tracepoint-form")?.remove();
          const form = $("#form-template").content.firstElementChild.cloneNode(true);
          $(".form-title", form).textContent = (tracepoint ? `Edit ${tracepoint.id} at ` : "New tracepoint at ") + `${baseName(state.file.path)}:${line}`;
          if (tracepoint) {
            form.elements.condition.value = tracepoint.condition || "";
            form.elements.log.value = tracepoint.log || "";
            form.elements.watches.value = (tracepoint.watches || []).join("\n");
            form.elements.fireCount.value = tracepoint.fire_count === -1 ? "unlimited" : String(tracepoint.fire_count ?? 1);
            form.elements.firePeriod.value = String(tracepoint.fire_period_ms ?? "");
            form.elements.snapshot.checked = tracepoint.snapshot !== false;
            form.elements.stage.value = tracepoint.stage === "line_start" ? "" : tracepoint.stage || "";
            form.elements.span.value = tracepoint.span || "";
            form.elements.metrics.value = (tracepoint.metrics || []).map(metricText).join("\n");
            // Left empty, the deadline stays; so do the limits and frames the form does not show.
            if (tracepoint.window_end) form.elements.until.placeholder = "keep " + tracepoint.window_end;
            $("#form-submit", form).textContent = "Save " + tracepoint.id;
          }
          form.addEventListener("submit", (event) => {
            event.preventDefault();
            submitForm(form, line, tracepoint ? tracepoint.id : null);
          });
          $("#form-cancel", form).addEventListener("click", () => form.remove());
          $(`.line[data-line="${line}"]`).after(form);
          form.elements.condition.focus();
        }

        function metricText(metric) {
          const parts = ["name=" + metric.name, "type=" + metric.type];
          if (metric.value) parts.push("value=" + metric.value);
          const labels = Object.entries(metric.labels || {}).map(([name, expression]) => name + ":" + expression);
          if (labels.length) parts.push("labels=" + labels.join(","));
          for (const key of ["namespace", "help", "unit"]) if (metric[key]) parts.push(key + "=" + metric[key]);
          return parts.join(" ");
        }

        async function submitForm(form, line, id) {
          for (const error of form.querySelectorAll(".field-error")) error.hidden = true;
          const fields = form.elements;
          const lines = (text) => text.split("\n").filter((entry) => entry.trim());
          const request = {
            path: state.file.path,
            line,
            condition: fields.condition.value,
            log: fields.log.value,
            watches: lines(fields.watches.value),
            fireCount: fields.fireCount.value,
            firePeriod: fields.firePeriod.value,
            until: fields.until.value,
            snapshot: fields.snapshot.checked,
            stage: fields.stage.value,
            span: fields.span.value,
            metrics: lines(fields.metrics.value),
          };
          if (id) request.id = id;
          const { ok, body } = await api("/api/tracepoints", { method: "POST", body: JSON.stringify(request) });
          if (!ok) {
            const target = form.querySelector(`.field-error[data-field="${body.field}"]`) || $("#form-error", form);
            target.textContent = body.error;
            target.hidden = false;
            return;
          }
          form.remove();
          note(`${body.replaced ? "Replaced" : "Set"} ${body.id} at ${baseName(body.path)}:${body.line}.`, true);
          refreshTracepoints();
        }

        function baseName(path) {
          return path.slice(path.lastIndexOf("/") + 1);
        }

        // Tracepoints and their status in every process, refreshed every second.
        async function refreshTracepoints() {
          const { ok, body } = await api("/api/tracepoints");
          if (!ok) {
            connection(false, body.error || "not connected");
            return;
          }
          connection(true);
          // Rebuilt only when something changed, so that a row stays put under the pointer.
          const text = JSON.stringify(body);
          if (text === state.rowsText) return;
          state.rowsText = text;
          state.rows = body;
          const tbody = $("#tracepoints tbody");
          tbody.replaceChildren(...body.map(renderRow));
          $("#no-tracepoints").hidden = body.length > 0;
          markTracepoints();
        }

        function renderRow(row) {
          const tracepoint = row.tracepoint;
          const tr = element("tr");
          tr.dataset.id = row.id;
          const statuses = row.processes.map((entry) => entry.status).filter((status) => status);
          const sum = (key) => statuses.reduce((total, status) => total + status[key], 0);
          const where = element("td", "where");
          const placed = element("div", "place", tracepoint ? place(tracepoint) : "-");
          if (tracepoint && tracepoint.line) placed.addEventListener("click", () => reveal(tracepoint.path, tracepoint.line));
          where.append(placed);
          if (tracepoint && tracepoint.condition) where.append(element("div", "condition", "if " + tracepoint.condition));
          const idCell = element("td", null, row.id);
          const notes = row.invalid
            ? [{ text: "invalid: " + row.invalid, error: true }]
            : row.processes.length === 0
              ? [{ text: "no process has reported yet" }]
              : row.processes.map(processNote);
          for (const { text, error } of notes) idCell.append(element("div", "status" + (error ? " error" : ""), text));
          const actions = element("td", "actions");
          if (tracepoint && tracepoint.line) {
            const edit = element("button", "edit", "edit");
            edit.type = "button";
            edit.addEventListener("click", () => editTracepoint(tracepoint));
            actions.append(edit);
          }
          const remove = element("button", "delete", "delete");
          remove.type = "button";
          remove.addEventListener("click", () => deleteTracepoint(row.id));
          actions.append(remove);
          tr.append(
            idCell,
            where,
            element("td", null, tracepoint ? kind(tracepoint) : "-"),
            element("td", "hits", sum("hits")),
            element("td", "fires", sum("fires")),
            actions,
          );
          return tr;
        }

        function processNote(entry) {
          const label = `pid ${entry.pid} ${entry.process}${entry.running ? "" : " (not running)"}`;
          const status = entry.status;
          if (!status) return { text: label + ": not applied yet" };
          let text = `${label}: ${status.state}`;
          if (status.message) text += "; " + status.message;
          if (status.throttled > 0) text += `; ${status.throttled} hits throttled`;
          if (status.drops > 0) text += `; ${status.drops} snapshots dropped`;
          return { text, error: status.state === "error" };
        }

        function place(tracepoint) {
          const where = tracepoint.line ? `${baseName(tracepoint.path)}:${tracepoint.line}` : tracepoint.method_name;
          return tracepoint.stage && tracepoint.stage !== "line_start" ? `${where} (${tracepoint.stage})` : where;
        }

        function kind(tracepoint) {
          const parts = tracepoint.snapshot !== false ? ["snapshot"] : [];
          if (tracepoint.log) parts.push("log");
          if (tracepoint.snapshot === false && (tracepoint.watches || []).length) parts.push("watch");
          if ((tracepoint.metrics || []).length) parts.push("metric");
          if (tracepoint.span) parts.push("span");
          return parts.join("+");
        }

        function fileFor(path) {
          return state.files.find((file) => file.path === path || file.path.endsWith("/" + path));
        }

        function markTracepoints() {
          if (!state.file) return;
          const marked = new Set();
          for (const row of state.rows) {
            const tracepoint = row.tracepoint;
            if (!tracepoint || !tracepoint.line) continue;
            const file = fileFor(tracepoint.path);
            if (file && file.path === state.file.path) marked.add(tracepoint.line);
          }
          for (const row of document.querySelectorAll(".line")) row.classList.toggle("has-tracepoint", marked.has(Number(row.dataset.line)));
        }

        async function reveal(path, line) {
          const file = fileFor(path);
          if (!file) {
            note(`${path} is not an instrumented file of the probe manifests.`);
            return;
          }
          if (!state.file || state.file.path !== file.path) await openFile(file.path, line);
          else showLine(line);
        }

        async function editTracepoint(tracepoint) {
          await reveal(tracepoint.path, tracepoint.line);
          if (state.file && state.file.lines.has(tracepoint.line)) openForm(tracepoint.line, tracepoint);
        }

        async function deleteTracepoint(id) {
          const { ok, body } = await api("/api/tracepoints/" + encodeURIComponent(id), { method: "DELETE" });
          note(ok ? `Deleted ${id}.` : body.error, ok);
          refreshTracepoints();
        }

        // Snapshots: the newest page first, then what arrives; older pages on request.
        async function loadSnapshots(older) {
          const query = older ? `?before=${state.start}` : state.start === null ? "" : `?after=${state.end}`;
          const { ok, body } = await api("/api/snapshots" + query);
          if (!ok) return;
          if (older) {
            state.start = body.start;
            for (const snapshot of body.snapshots) $("#snapshots").append(renderSnapshot(snapshot, false));
          } else {
            if (state.start === null) state.start = body.start;
            const replaced = body.end < state.end;
            if (replaced) {
              // The file was replaced or truncated: start over.
              $("#snapshots").replaceChildren();
              state.start = body.start;
            }
            // The newest of a first page opens, and every one that arrives while the page is open.
            const first = $("#snapshots").childElementCount === 0;
            const arrived = body.snapshots.map((snapshot, index) => renderSnapshot(snapshot, !first || index === 0));
            if (!replaced && state.end > 0 && body.start > state.end) {
              arrived.push(element("div", "note gap", "More snapshots arrived here than the page shows; deep snapshots lists them all."));
            }
            $("#snapshots").prepend(...arrived);
            state.end = body.end;
          }
          $("#older").hidden = state.start === 0;
          $("#snapshot-count").textContent = `(${document.querySelectorAll(".snapshot").length} shown)`;
        }

        function renderSnapshot(snapshot, open) {
          const details = element("details", "snapshot");
          details.dataset.id = snapshot.id;
          details.dataset.tracepoint = snapshot.tracepoint_id;
          const summary = element("summary");
          const time = new Date(Number(BigInt(snapshot.ts_nanos) / 1000000n));
          summary.append(
            element("span", "when", time.toLocaleTimeString() + " "),
            element("b", null, snapshot.tracepoint_id),
            document.createTextNode(` ${baseName(snapshot.path)}:${snapshot.line} in ${snapshot.function}`),
          );
          if (snapshot.duration_nanos !== undefined) summary.append(document.createTextNode(` (${duration(snapshot.duration_nanos)})`));
          details.append(summary);
          if (snapshot.log) details.append(element("div", "log", snapshot.log));
          if (snapshot.truncated) details.append(element("div", "truncated", "… " + snapshot.truncated));
          if ((snapshot.watches || []).length) {
            details.append(element("h4", null, "Watches"));
            for (const watch of snapshot.watches) {
              details.append(
                watch.value
                  ? renderNode({ ...watch.value, name: watch.expression })
                  : element("div", "leaf truncated", `${watch.expression}: ${watch.error}`),
              );
            }
          }
          if ((snapshot.variables || []).length) {
            details.append(element("h4", null, "Variables"));
            details.append(...snapshot.variables.map(renderNode));
          }
          if ((snapshot.frames || []).length) {
            details.append(element("h4", null, "Frames"));
            for (const frame of snapshot.frames) {
              const known = frame.path && frame.line && fileFor(frame.path);
              const node = element("div", "frame" + (known ? "" : " unknown"), frame.function + (frame.path ? ` ${baseName(frame.path)}:${frame.line}` : ""));
              if (known) {
                node.dataset.path = frame.path;
                node.dataset.line = frame.line;
                node.addEventListener("click", () => reveal(frame.path, frame.line));
              }
              details.append(node);
            }
          }
          details.open = open;
          return details;
        }

        function duration(nanoseconds) {
          const units = [[1e9, "s"], [1e6, "ms"], [1e3, "µs"]];
          const [size, unit] = units.find(([size]) => nanoseconds >= size) || [1, "ns"];
          return `${Number((nanoseconds / size).toPrecision(3))} ${unit}`;
        }

        // A variable: a leaf, or a node that opens one level at a time.
        function renderNode(node) {
          const children = node.children || [];
          const line = element(children.length ? "summary" : "div", children.length ? null : "leaf");
          line.append(element("span", "name", node.name), element("span", "type", `: ${node.type} = `));
          line.append(element("span", "value" + (node.value === "<redacted>" ? " redacted" : ""), node.value));
          if (node.truncated) line.append(element("span", "truncated", ` … (${node.truncated})`));
          if (!children.length) return line;
          const details = element("details", "node");
          details.dataset.name = node.name;
          details.append(line);
          details.addEventListener("toggle", () => {
            if (details.open && details.childElementCount === 1) details.append(...children.map(renderNode));
          }, { once: true });
          return details;
        }

        $("#older").addEventListener("click", () => loadSnapshots(true));

        async function poll() {
          try {
            await Promise.all([refreshTracepoints(), loadSnapshots(false)]);
          } catch (error) {
            connection(false, "not connected: " + error.message);
          }
          setTimeout(poll, 1000);
        }

        loadFiles().then(poll);
        """#
}
