// The offline page (docs/playground.md): CodeMirror 6 for editing, the
// huashu engine (WebAssembly, inlined in this file) for checking. Every
// check runs here: the page makes no network request at all.
//
// The page is a thin front-end: findings, fixes, rule docs and the
// standard all come from the engine as data (crates/huashu_wasm); this
// file only draws them and turns clicks into requests.

import { EditorState } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, highlightSpecialChars,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { syntaxHighlighting, defaultHighlightStyle, indentOnInput } from "@codemirror/language";
import { yaml } from "@codemirror/lang-yaml";
import { setDiagnostics, lintGutter, lintKeymap } from "@codemirror/lint";
import { searchKeymap, highlightSelectionMatches } from "@codemirror/search";
import { parseDocument } from "yaml";

import { loadEngine, inlineWasm } from "./engine.js";
import { UI } from "./i18n.js";
import { SAMPLE_PATH, SAMPLE_SCRIPT, DEFAULT_CONFIG } from "./samples.js";

const $ = (id) => document.getElementById(id);
const GROUPS = ["structure", "process", "callback", "language", "suppression"];
const SEVERITIES = ["error", "warning", "info"];

const app = {
  lang: "zh",
  engine: null,
  path: SAMPLE_PATH,
  /** The last check of the editor's text: its findings, and the document they belong to. */
  findings: [],
  checkedDoc: null,
  rules: [],
  rulesById: new Map(),
  configAnswer: null,
  /** An open repository folder: { name, files: Map(path → text), configFound, result, dirty }. */
  repo: null,
  stats: { checks: [], lastCheckMs: null, firstDiagnosticsMs: null, loadMs: null },
  /** Script errors, for the tests (they also reach the console). */
  errors: [],
  view: null,
  configView: null,
  notice: null,
};
window.huashu = app; // for the browser tests and the curious
window.addEventListener("error", (e) => app.errors.push(String(e.message)));
window.addEventListener("unhandledrejection", (e) => app.errors.push(String(e.reason)));

const t = (key, ...args) => {
  const v = UI[app.lang][key];
  return typeof v === "function" ? v(...args) : v;
};

/** Build an element: el("li", {class: "x", onclick: f}, child, "text", …). */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "class") node.className = v;
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** Text with `code` spans, as the engine's messages write them. */
function withCode(text) {
  const parts = String(text).split("`");
  return parts.map((p, i) => (i % 2 ? el("code", {}, p) : p));
}

// ---------------------------------------------------------------- engine

function ask(request) {
  const answer = app.engine.call(request);
  if (answer.crashed) {
    showNotice(t("engine_crashed"));
    resync();
  }
  return answer;
}

/** After a restart of the engine: give it the files and config again. */
function resync() {
  if (app.repo) {
    app.engine.call({ op: "set_files", files: [...app.repo.files].map(([path, text]) => ({ path, text })) });
  }
  app.engine.call({ op: "configure", config: configText() });
}

function showNotice(text) {
  const n = $("notice");
  n.textContent = text;
  n.hidden = !text;
}

// ---------------------------------------------------------------- the script editor

function editorExtensions(label, onChange) {
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    history(),
    drawSelection(),
    indentOnInput(),
    syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
    highlightActiveLine(),
    highlightSelectionMatches(),
    lintGutter(),
    yaml(),
    EditorView.lineWrapping,
    EditorState.tabSize.of(2),
    keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, ...lintKeymap, indentWithTab]),
    EditorView.contentAttributes.of({ "aria-label": label }),
    EditorView.updateListener.of((u) => {
      if (u.docChanged) onChange();
    }),
  ];
}

function scriptState(text) {
  return EditorState.create({ doc: text, extensions: editorExtensions(t("editor_label"), scheduleCheck) });
}

let checkPending = false;
function scheduleCheck() {
  if (checkPending) return;
  checkPending = true;
  setTimeout(() => {
    checkPending = false;
    checkEditor();
  }, 0);
}

/** Check the editor's text now (one file, against the repository the engine knows). */
function checkEditor() {
  if (app.path === null || !app.engine) return; // a folder is being opened, or the engine is loading
  const doc = app.view.state.doc;
  const text = doc.toString();
  const start = performance.now();
  const answer = ask({ op: "check", path: app.path, text });
  const ms = performance.now() - start;
  app.stats.lastCheckMs = ms;
  app.stats.checks.push({ ms, length: text.length, lines: doc.lines });
  if (answer.error) return;
  app.findings = answer.findings;
  app.checkedDoc = doc;
  if (app.repo && app.repo.files.has(app.path)) {
    app.repo.files.set(app.path, text);
    app.repo.dirty = true;
  }
  drawFindings();
  if (app.stats.firstDiagnosticsMs === null) {
    app.stats.firstDiagnosticsMs = performance.now();
    document.body.dataset.ready = "true";
  }
}

function toDiagnostic(f, length) {
  const d = f[app.lang];
  return {
    from: Math.min(f.from, length),
    to: Math.min(f.to, length),
    severity: f.severity,
    source: f.rule,
    message: d.message + (d.help ? `\n${t("help")}: ${d.help}` : ""),
    renderMessage: () =>
      el("div", { class: "tip" },
        el("div", {}, withCode(d.message)),
        d.help ? el("div", { class: "tip-help" }, `${t("help")}${t("colon")}`, withCode(d.help)) : null,
        el("button", { class: "link", type: "button", onclick: () => explain(f.rule) }, f.rule, " · ", t("explain"))),
    actions: f.fix ? [{ name: f.fix.safe ? t("fix") : t("fix_unsafe"), apply: () => applyFix(f) }] : [],
  };
}

function drawFindings() {
  const findings = app.findings;
  const length = app.view.state.doc.length;
  app.view.dispatch(setDiagnostics(app.view.state, findings.map((f) => toDiagnostic(f, length))));

  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  $("counts").textContent = t("counts", counts.error, counts.warning, counts.info);
  $("check-time").textContent = app.stats.lastCheckMs === null ? "" : t("check_time", app.stats.lastCheckMs.toFixed(1));
  const safe = findings.filter((f) => f.fix && f.fix.safe).length;
  const fixAll = $("fix-all");
  fixAll.disabled = safe === 0;
  fixAll.textContent = safe ? `${t("fix_all_safe")} (${safe})` : t("fix_all_none");

  const list = $("findings");
  list.replaceChildren();
  if (!findings.length) {
    list.append(el("li", { class: "empty" }, t("no_findings")));
    return;
  }
  findings.forEach((f, i) => {
    const d = f[app.lang];
    const where = t("line_col", d.span.line, d.span.column);
    list.append(el("li", {
      class: `finding sev-${f.severity}`, "data-rule": f.rule, "data-index": i,
      "data-line": d.span.line, "data-column": d.span.column,
    },
    el("button", { class: "goto", type: "button", onclick: () => jumpTo(f), "aria-label": `${t("severity")[f.severity]} ${f.rule} ${where}: ${d.message}` },
      el("span", { class: `badge sev-${f.severity}` }, t("severity")[f.severity]),
      el("span", { class: "where" }, where),
      el("span", { class: "message" }, withCode(d.message))),
    el("div", { class: "meta" },
      el("button", { class: "rule-id link", type: "button", title: ruleSummary(f.rule), onclick: () => explain(f.rule) }, f.rule),
      d.help ? el("span", { class: "help" }, `${t("help")}${t("colon")}`, withCode(d.help)) : null),
    d.related.length ? el("ul", { class: "related" }, d.related.map((r) =>
      el("li", {}, `${t("related")}${t("colon")}`,
        el("button", { class: "link", type: "button", onclick: () => goToRelated(r) }, `${r.file}:${r.span.line}:${r.span.column}`),
        " ", withCode(r.message)))) : null,
    f.fix ? el("div", { class: "fix-row" },
      el("button", {
        class: f.fix.safe ? "fix safe" : "fix unsafe", type: "button", onclick: () => applyFix(f),
        title: f.fix.safe ? d.fix.description : `${t("unsafe_note")}: ${d.fix.description}`,
      }, f.fix.safe ? t("fix") : `⚠ ${t("fix_unsafe")}`),
      el("span", { class: "fix-desc" }, withCode(d.fix.description))) : null));
  });
}

function ruleSummary(id) {
  const r = app.rulesById.get(id);
  return r ? r.summary[app.lang] : id;
}

function jumpTo(f) {
  const length = app.view.state.doc.length;
  app.view.dispatch({
    selection: { anchor: Math.min(f.from, length), head: Math.min(f.to, length) },
    effects: EditorView.scrollIntoView(Math.min(f.from, length), { y: "center" }),
  });
  app.view.focus();
}

/** Go to a related place (the first definition of a duplicate id …): in
 *  this file, or in another file of the open repository. */
function goToRelated(r) {
  if (r.file !== app.path) {
    if (!app.repo || !app.repo.files.has(r.file)) return;
    openInEditor(r.file, app.repo.files.get(r.file));
  }
  const doc = app.view.state.doc;
  if (r.span.line > doc.lines) return;
  const line = doc.line(r.span.line);
  // Columns count characters; the editor counts UTF-16 units.
  const chars = [...line.text].slice(0, r.span.column - 1).join("");
  const from = line.from + chars.length;
  app.view.dispatch({ selection: { anchor: from }, effects: EditorView.scrollIntoView(from, { y: "center" }) });
  app.view.focus();
}

/** Apply one finding's fix to the text it was found in. */
function applyFix(f) {
  if (app.view.state.doc !== app.checkedDoc) {
    checkEditor(); // the text changed since: the fix's positions are stale
    return;
  }
  app.view.dispatch({ changes: f.fix.edits.map((e) => ({ from: e.from, to: e.to, insert: e.insert })), userEvent: "input.fix" });
  checkEditor();
}

function fixAllSafe() {
  const text = app.view.state.doc.toString();
  const answer = ask({ op: "fix_all", path: app.path, text });
  if (answer.error) return;
  if (answer.declined) {
    showNotice(t("fix_declined"));
    return;
  }
  if (!answer.edits.length) return;
  app.view.dispatch({ changes: answer.edits, userEvent: "input.fix" });
  showNotice("");
  checkEditor();
  $("status-fixed").textContent = t("fixed_n", answer.edits.length);
}

/** Show `text` as the editor's file `path` (a new undo history). */
function openInEditor(path, text) {
  app.path = path;
  $("file-path").value = path;
  app.view.setState(scriptState(text));
  showTab("script");
  checkEditor();
}

function renamePath() {
  const next = $("file-path").value.trim() || SAMPLE_PATH;
  if (next === app.path) return;
  if (!app.repo || !app.repo.files.has(app.path)) ask({ op: "remove_file", path: app.path });
  app.path = next;
  checkEditor();
}

// ---------------------------------------------------------------- rules and their docs

function loadRules() {
  const answer = ask({ op: "rules" });
  if (answer.error) return;
  app.rules = answer.rules;
  app.rulesById = new Map(app.rules.map((r) => [r.id, r]));
}

/** A rule's doc (Markdown) as elements: headings, code blocks, paragraphs. */
function markdown(text) {
  const out = [];
  let code = null;
  let para = [];
  const flush = () => {
    if (para.length) out.push(el("p", {}, withCode(para.join(" "))));
    para = [];
  };
  for (const line of text.split("\n")) {
    if (line.startsWith("```")) {
      if (code === null) { flush(); code = []; } else { out.push(el("pre", {}, code.join("\n"))); code = null; }
    } else if (code !== null) {
      code.push(line);
    } else if (/^#+ /.test(line)) {
      flush();
      out.push(el("h4", {}, line.replace(/^#+ /, "")));
    } else if (line.trim() === "") {
      flush();
    } else if (/^\s*[-*] /.test(line)) {
      flush();
      out.push(el("p", { class: "bullet" }, "• ", withCode(line.replace(/^\s*[-*] /, ""))));
    } else {
      para.push(line.trim());
    }
  }
  flush();
  if (code !== null) out.push(el("pre", {}, code.join("\n")));
  return out;
}

function explain(id) {
  const r = app.rulesById.get(id);
  if (!r) return;
  const dialog = $("rule-dialog");
  $("rule-dialog-title").textContent = `${r.id} · ${t("groups")[r.group]} · ${t("level")[r.level]}`;
  const body = $("rule-dialog-body");
  body.replaceChildren(el("p", { class: "summary" }, r.summary[app.lang]), ...markdown(r.doc[app.lang]));
  if (r.patterns.length) {
    body.append(el("h4", {}, t("rule_patterns")));
    for (const [name, entries] of r.patterns) {
      body.append(el("p", {}, el("strong", {}, name)), el("ul", { class: "patterns" }, entries.map((e) => el("li", {}, e))));
    }
  }
  if (!dialog.open) dialog.showModal();
}

function drawRulesTab() {
  app.rulesDrawn = true;
  const box = $("rules-list");
  box.replaceChildren();
  for (const g of GROUPS) {
    const rules = app.rules.filter((r) => r.group === g);
    if (!rules.length) continue;
    box.append(el("h3", {}, t("groups")[g]));
    const table = el("table", { class: "rules" },
      el("thead", {}, el("tr", {}, el("th", {}, t("col_rule")), el("th", {}, t("col_summary")), el("th", {}, t("rule_level")))));
    const tbody = el("tbody");
    for (const r of rules) {
      const configured = configuredLevel(r.id);
      const select = el("select", { "aria-label": `${r.id} ${t("rule_level")}`, "data-rule": r.id, onchange: (e) => setRuleLevel(r.id, e.target.value) },
        ["default", "error", "warning", "info", "off"].map((lv) =>
          el("option", { value: lv, selected: lv === configured }, lv === "default" ? `${t("level").default} (${t("level")[r.severity]})` : t("level")[lv])));
      tbody.append(el("tr", {},
        el("td", {}, el("button", { class: "link rule-id", type: "button", onclick: () => explain(r.id) }, r.id)),
        el("td", {}, r.summary[app.lang]),
        el("td", {}, select)));
    }
    table.append(tbody);
    box.append(table);
  }
}

// ---------------------------------------------------------------- the config

function configText() {
  return app.configView.state.doc.toString();
}

let configPending = null;
function scheduleConfigure() {
  clearTimeout(configPending);
  configPending = setTimeout(configure, 150);
}

/** Give the engine the config's text; draw its problems and the standard in force. */
function configure() {
  if (!app.engine) return; // start() configures once it has loaded
  const text = configText();
  const answer = ask({ op: "configure", config: text });
  if (answer.error) return;
  app.configAnswer = answer;
  const own = answer.problems.filter((p) => p.file === "huashu.yaml");
  const length = app.configView.state.doc.length;
  app.configView.dispatch(setDiagnostics(app.configView.state, own.map((p) => ({
    from: Math.min(p.from, length), to: Math.min(p.to, length), severity: "error",
    message: p.message[app.lang] + (p.help ? `\n${t("help")}: ${p.help[app.lang]}` : ""),
  }))));
  drawConfigStatus();
  $("standard-view").textContent = answer.standard.yaml;
  $("standard-title").textContent = t("standard_title", answer.standard.name);
  loadRules();
  app.rulesDrawn = false;
  if (!$("panel-rules").hidden) drawRulesTab();
  fillForm();
  checkEditor();
  if (app.repo) checkRepository();
}

function drawConfigStatus() {
  const answer = app.configAnswer;
  if (!answer) return;
  const status = $("config-status");
  status.className = answer.ok ? "ok" : "bad";
  status.replaceChildren(answer.ok ? t("config_ok") : t("config_bad"));
  const list = $("config-problems");
  list.replaceChildren(...answer.problems.map((p) =>
    el("li", {},
      el("button", {
        class: "goto", type: "button",
        onclick: () => {
          if (p.file !== "huashu.yaml") return;
          app.configView.dispatch({ selection: { anchor: p.from, head: p.to }, scrollIntoView: true });
          app.configView.focus();
        },
      }, `${p.file}:${p.line}:${p.column} `, withCode(p.message[app.lang])),
      p.help ? el("div", { class: "help" }, `${t("help")}${t("colon")}`, withCode(p.help[app.lang])) : null)));
}

/** Replace the config's text (keeping the editor's undo history). */
function setConfigText(text) {
  const view = app.configView;
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

/** Edit huashu.yaml through the yaml library, which keeps its comments. */
function editConfig(edit) {
  const doc = parseDocument(configText());
  if (doc.errors.length) {
    configure(); // show the problems; the form waits for a readable config
    return;
  }
  if (doc.contents === null) doc.contents = doc.createNode({});
  edit(doc);
  setConfigText(doc.toString());
}

function configuredLevel(id) {
  const doc = parseDocument(configText());
  const v = doc.getIn(["rules", id]);
  if (typeof v === "string") return v;
  if (v && typeof v === "object" && v.get) return v.get("severity") || "default";
  return "default";
}

function setRuleLevel(id, level) {
  editConfig((doc) => {
    const current = doc.getIn(["rules", id]);
    const isMap = current && typeof current === "object" && current.get;
    if (level === "default") {
      if (isMap) doc.deleteIn(["rules", id, "severity"]);
      else doc.deleteIn(["rules", id]);
    } else if (isMap) {
      doc.setIn(["rules", id, "severity"], level);
    } else {
      doc.setIn(["rules", id], level);
    }
  });
}

function setFormValue(path, value) {
  editConfig((doc) => {
    if (value === "") doc.deleteIn(path);
    else doc.setIn(path, value);
  });
}

/** A word-list addition: `lexicon.<list>.add.<phrase>: <note>`. */
function addToLexicon() {
  const phrase = $("lex-phrase").value.trim();
  const note = $("lex-note").value.trim();
  if (!phrase) return $("lex-phrase").focus();
  if (!note) return $("lex-note").focus();
  editConfig((doc) => doc.setIn(["lexicon", $("lex-list").value, "add", phrase], note));
  $("lex-phrase").value = "";
  $("lex-note").value = "";
}

/** The form shows what the config says (unless the author is typing in it). */
function fillForm() {
  const doc = parseDocument(configText());
  if (doc.errors.length) return;
  const fields = [["form-bank", ["bank", "name"]], ["form-channel", ["defaults", "channel"]], ["form-direction", ["defaults", "direction"]]];
  for (const [id, path] of fields) {
    const input = $(id);
    if (document.activeElement === input) continue;
    const v = doc.getIn(path);
    input.value = v === undefined || v === null ? "" : String(v);
  }
}

// ---------------------------------------------------------------- a repository folder

const SKIP_DIRS = new Set(["node_modules", "target"]);
const MAX_FILE = 4 * 1024 * 1024;

/** Whether a file of a folder is worth reading: YAML, not hidden, not in a build folder. */
function wanted(path, size) {
  const parts = path.split("/");
  if (parts.some((p) => p.startsWith(".") && p !== ".huashu.yaml") || parts.some((p) => SKIP_DIRS.has(p))) return false;
  return /\.ya?ml$/.test(path) && size <= MAX_FILE;
}

/** Files from `<input webkitdirectory>`: their paths start with the folder's name. */
async function openFolderInput(fileList) {
  const files = [...fileList];
  if (!files.length) return;
  const name = files[0].webkitRelativePath.split("/")[0] || "folder";
  const entries = [];
  for (const f of files) {
    const path = f.webkitRelativePath.split("/").slice(1).join("/");
    if (wanted(path, f.size)) entries.push({ path, text: await f.text() });
  }
  openRepository(name, entries);
}

/** A dropped folder, read through the entries API. */
async function readEntry(entry, prefix, out) {
  if (entry.isFile) {
    const file = await new Promise((ok, fail) => entry.file(ok, fail));
    const path = prefix + entry.name;
    if (wanted(path, file.size)) out.push({ path, text: await file.text() });
  } else if (entry.isDirectory) {
    if (entry.name.startsWith(".") || SKIP_DIRS.has(entry.name)) return;
    const reader = entry.createReader();
    for (;;) {
      const batch = await new Promise((ok, fail) => reader.readEntries(ok, fail));
      if (!batch.length) break;
      for (const e of batch) await readEntry(e, `${prefix}${entry.name}/`, out);
    }
  }
}

async function onDrop(event) {
  event.preventDefault();
  $("drop-overlay").hidden = true;
  const items = [...(event.dataTransfer.items || [])];
  const entries = items.map((i) => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(Boolean);
  const folder = entries.find((e) => e.isDirectory);
  if (folder) {
    const files = [];
    const reader = folder.createReader();
    for (;;) {
      const batch = await new Promise((ok, fail) => reader.readEntries(ok, fail));
      if (!batch.length) break;
      for (const e of batch) await readEntry(e, "", files);
    }
    openRepository(folder.name, files);
  } else if (event.dataTransfer.files.length) {
    openSingleFile(event.dataTransfer.files[0]);
  }
}

/** Check a repository: all its files together, with its huashu.yaml if it has one. */
function openRepository(name, files) {
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const map = new Map(files.map((f) => [f.path, f.text]));
  const config = map.get("huashu.yaml") ?? map.get(".huashu.yaml");
  app.repo = { name, files: map, configFound: config !== undefined, result: null, dirty: true };
  app.path = null; // the editor's text is not part of this repository
  ask({ op: "set_files", files });
  if (config !== undefined) setConfigText(config); // configures through the editor's listener
  configure();
  checkRepository();
  // The editor shows the repository's first file with findings (else its first script).
  const first = app.repo.result.files.find((f) => f.findings.length) || app.repo.result.files[0];
  app.path = first ? first.path : "script.yaml";
  $("file-path").value = app.path;
  app.view.setState(scriptState(first ? map.get(app.path) : ""));
  checkEditor();
  showTab("repo");
}

app.openRepository = openRepository; // what the folder input and a drop call, for the tests

function checkRepository() {
  const answer = ask({ op: "check_all" });
  if (answer.error) return;
  app.repo.result = answer;
  app.repo.dirty = false;
  drawRepository();
}

function drawRepository() {
  const box = $("repo-summary");
  const repo = app.repo;
  if (!repo || !repo.result) {
    box.replaceChildren(el("p", { class: "empty" }, t("repo_empty")));
    return;
  }
  const files = repo.result.files;
  const all = files.flatMap((f) => f.findings);
  const bySeverity = { error: 0, warning: 0, info: 0 };
  const byGroup = new Map(GROUPS.map((g) => [g, 0]));
  const byRule = new Map();
  for (const f of all) {
    bySeverity[f.severity]++;
    byGroup.set(f.group, (byGroup.get(f.group) || 0) + 1);
    const r = byRule.get(f.rule) || { rule: f.rule, group: f.group, count: 0, error: 0, warning: 0, info: 0 };
    r.count++;
    r[f.severity]++;
    byRule.set(f.rule, r);
  }
  const withFindings = files.filter((f) => f.findings.length).length;
  const card = (label, value, cls = "") => el("div", { class: `card ${cls}` }, el("div", { class: "value" }, String(value)), el("div", { class: "label" }, label));

  // The chart: one bar per category, in inline SVG (no library, no network).
  const groups = [...byGroup].filter(([, n]) => n > 0 || true);
  const max = Math.max(1, ...groups.map(([, n]) => n));
  const rowH = 30, labelW = 120, barW = 360, h = groups.length * rowH + 10;
  const svgNS = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(svgNS, "svg");
  svg.setAttribute("viewBox", `0 0 ${labelW + barW + 60} ${h}`);
  svg.setAttribute("class", "chart");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", t("chart_label"));
  groups.forEach(([g, n], i) => {
    const y = 5 + i * rowH;
    const mk = (tag, attrs, text) => {
      const node = document.createElementNS(svgNS, tag);
      for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
      if (text !== undefined) node.textContent = text;
      svg.append(node);
    };
    mk("text", { x: labelW - 8, y: y + 19, "text-anchor": "end", class: "chart-label" }, t("groups")[g]);
    mk("rect", { x: labelW, y: y + 4, width: Math.max(2, (n / max) * barW), height: rowH - 10, class: `bar bar-${g}`, rx: 3 });
    mk("text", { x: labelW + Math.max(2, (n / max) * barW) + 6, y: y + 19, class: "chart-value" }, String(n));
  });

  const ruleRows = [...byRule.values()].sort((a, b) => b.count - a.count || (a.rule < b.rule ? -1 : 1));
  const maxRule = Math.max(1, ...ruleRows.map((r) => r.count));
  const ruleTable = el("table", { class: "summary-table", id: "by-rule" },
    el("thead", {}, el("tr", {}, [t("col_rule"), t("col_summary"), t("col_group"), t("col_count"), ""].map((h) => el("th", {}, h)))),
    el("tbody", {}, ruleRows.map((r) => el("tr", { "data-rule": r.rule, "data-count": r.count },
      el("td", {}, el("button", { class: "link rule-id", type: "button", onclick: () => explain(r.rule) }, r.rule)),
      el("td", {}, ruleSummary(r.rule)),
      el("td", {}, t("groups")[r.group]),
      el("td", { class: "num" }, String(r.count)),
      el("td", { class: "barcell" }, el("span", { class: `inline-bar bar-${r.group}`, style: `width:${(r.count / maxRule) * 100}%` }))))));

  const fileTable = el("table", { class: "summary-table", id: "by-file" },
    el("thead", {}, el("tr", {}, [t("col_file"), t("col_errors"), t("col_warnings"), t("col_infos")].map((h) => el("th", {}, h)))),
    el("tbody", {}, files.map((f) => {
      const c = { error: 0, warning: 0, info: 0 };
      for (const x of f.findings) c[x.severity]++;
      return el("tr", { "data-file": f.path },
        el("td", {}, el("button", { class: "link", type: "button", title: t("open_in_editor"), onclick: () => openInEditor(f.path, repo.files.get(f.path)) }, f.path)),
        ...SEVERITIES.map((s) => el("td", { class: `num ${c[s] ? `sev-text-${s}` : "zero"}` }, String(c[s]))));
    })));

  box.replaceChildren(
    el("h2", {}, t("repo_title", repo.name)),
    el("p", { class: "note" }, repo.configFound ? t("repo_config_found") : t("repo_config_missing"),
      repo.result.skipped.length ? ` ${t("files_skipped", repo.result.skipped.length)}` : ""),
    el("div", { class: "cards" },
      card(t("files_checked"), files.length),
      card(t("files_with_findings"), withFindings),
      card(t("total_findings"), all.length),
      ...SEVERITIES.map((s) => card(t({ error: "col_errors", warning: "col_warnings", info: "col_infos" }[s]), bySeverity[s], `sev-${s}`))),
    el("div", { class: "summary-grid" },
      el("section", {}, el("h3", {}, t("by_group")), svg),
      el("section", {}, el("h3", {}, t("by_file")), fileTable)),
    el("section", {}, el("h3", {}, t("by_rule")), ruleTable));
}

/** Leave the repository (if one is open): the editor's next file is checked alone. */
function forgetFiles() {
  ask({ op: "set_files", files: [] });
  if (app.repo) {
    app.repo = null;
    drawRepository();
  }
}

async function openSingleFile(file) {
  const text = await file.text();
  forgetFiles();
  openInEditor(file.name, text);
}

function loadSample() {
  forgetFiles();
  openInEditor(SAMPLE_PATH, SAMPLE_SCRIPT);
}

function download() {
  const blob = new Blob([app.view.state.doc.toString()], { type: "text/yaml;charset=utf-8" });
  const a = el("a", { href: URL.createObjectURL(blob), download: app.path.split("/").pop() || "script.yaml" });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

// ---------------------------------------------------------------- tabs and language

function showTab(name) {
  for (const tab of document.querySelectorAll("[role=tab]")) {
    const on = tab.dataset.tab === name;
    tab.setAttribute("aria-selected", on ? "true" : "false");
    tab.tabIndex = on ? 0 : -1;
    $(`panel-${tab.dataset.tab}`).hidden = !on;
  }
  if (name === "repo" && app.repo && app.repo.dirty) checkRepository();
  if (name === "rules" && !app.rulesDrawn) drawRulesTab();
  if (name === "script") app.view.requestMeasure();
  if (name === "config") app.configView.requestMeasure();
}

/** The page's own words in the current language (everything marked data-i18n). */
function drawTexts() {
  document.documentElement.lang = app.lang === "zh" ? "zh-CN" : "en";
  document.title = `${t("title")} · huashu`;
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-label]")) node.setAttribute("aria-label", t(node.dataset.i18nLabel));
  $("lang-switch").setAttribute("aria-label", t("lang_switch_label"));
  for (const [id, key] of [["form-channel", "channel"], ["form-direction", "direction"], ["lex-list", "lists"]]) {
    for (const opt of $(id).options) opt.textContent = opt.value ? t(key)[opt.value] : t("level").default;
  }
}

function setLang(lang) {
  app.lang = lang;
  drawTexts();
  drawFindings();
  drawConfigStatus();
  if (app.configAnswer) $("standard-title").textContent = t("standard_title", app.configAnswer.standard.name);
  app.rulesDrawn = false;
  if (!$("panel-rules").hidden) drawRulesTab();
  drawRepository();
  // The config's own diagnostics, in the new language.
  if (app.configAnswer) configure();
}

// ---------------------------------------------------------------- start

async function start() {
  drawTexts(); // the page reads while the engine loads
  // The engine is inflated and compiled (off the main thread, mostly)
  // while the editors are built.
  const t0 = performance.now();
  const engine = inlineWasm("engine-wasm").then(loadEngine);

  app.view = new EditorView({ state: scriptState(SAMPLE_SCRIPT), parent: $("editor") });
  app.configView = new EditorView({
    state: EditorState.create({ doc: DEFAULT_CONFIG, extensions: editorExtensions(t("config_editor_label"), scheduleConfigure) }),
    parent: $("config-editor"),
  });
  $("file-path").value = app.path;
  app.engine = await engine;
  app.stats.loadMs = performance.now() - t0;

  for (const tab of document.querySelectorAll("[role=tab]")) {
    tab.addEventListener("click", () => showTab(tab.dataset.tab));
    tab.addEventListener("keydown", (e) => {
      const tabs = [...document.querySelectorAll("[role=tab]")];
      const i = tabs.indexOf(tab);
      const next = e.key === "ArrowRight" ? tabs[(i + 1) % tabs.length] : e.key === "ArrowLeft" ? tabs[(i + tabs.length - 1) % tabs.length] : null;
      if (next) { showTab(next.dataset.tab); next.focus(); }
    });
  }
  $("lang-switch").addEventListener("click", () => setLang(app.lang === "zh" ? "en" : "zh"));
  $("fix-all").addEventListener("click", fixAllSafe);
  $("open-file").addEventListener("change", (e) => e.target.files[0] && openSingleFile(e.target.files[0]));
  $("open-folder").addEventListener("change", (e) => openFolderInput(e.target.files));
  $("load-sample").addEventListener("click", loadSample);
  $("download").addEventListener("click", download);
  $("file-path").addEventListener("change", renamePath);
  $("rule-dialog-close").addEventListener("click", () => $("rule-dialog").close());
  $("lex-add").addEventListener("click", addToLexicon);
  $("form-bank").addEventListener("change", (e) => setFormValue(["bank", "name"], e.target.value.trim()));
  $("form-channel").addEventListener("change", (e) => setFormValue(["defaults", "channel"], e.target.value));
  $("form-direction").addEventListener("change", (e) => setFormValue(["defaults", "direction"], e.target.value));
  window.addEventListener("dragover", (e) => { e.preventDefault(); $("drop-overlay").hidden = false; });
  window.addEventListener("dragleave", (e) => { if (!e.relatedTarget) $("drop-overlay").hidden = true; });
  window.addEventListener("drop", onDrop);

  $("loading").hidden = true;
  setLang("zh");
  configure(); // the first check
}

start();
