// The graph explorer: a vis-network drawing of the knowledge graph, grown one click at a time.
//
// Data comes from the page's data-* attributes (the CSP allows no inline script) and from
// the JSON API: /api/graph (a node's neighbourhood), /api/path (a shortest path) and
// /api/search (autocomplete). A CONSTRUCT/DESCRIBE result from the SPARQL editor arrives
// through sessionStorage (see IMPORT_KEY). window.bqwGraph exposes the network to tests.
//
// Labels come from documents nobody here controls: they are drawn on the canvas or set as
// textContent, and vis-network shows string tooltips as text, never as HTML.
//
// Words come from window.bqwI18n (i18n.js); the ontology's names of types and links, in the
// page's language, from #explorer's data-type-names and data-property-labels.

const vis = window.vis;
const { t } = window.bqwI18n;
const root = document.getElementById("explorer");
const container = document.getElementById("graph");
const params = new URLSearchParams(window.location.search);

/** Where the SPARQL editor leaves a graph for this page; read once, then removed. */
export const IMPORT_KEY = "bqw:graph-import";

const positiveInt = (text, fallback) => {
  const value = Number.parseInt(text ?? "", 10);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

const config = {
  start: params.get("iri") || root.dataset.start || "",
  graphUrl: root.dataset.graphUrl,
  pathUrl: root.dataset.pathUrl,
  searchUrl: root.dataset.searchUrl,
  base: root.dataset.base,
  // ?limit= and ?cap= let a person (or a test) try other caps without a new page.
  expandLimit: positiveInt(params.get("limit"), positiveInt(root.dataset.expandLimit, 50)),
  nodeCap: positiveInt(params.get("cap"), positiveInt(root.dataset.nodeCap, 2000)),
};

// Types in the order of the ontology's hierarchy, so that a type keeps its colour from one
// visit to the next; unknown types take the remaining colours in order of appearance.
const KNOWN_TYPES = [
  "Province", "City", "County", "Town", "Subdistrict", "Village", "Community", "Zone",
  "Organization", "Project", "Policy", "Honor", "Indicator", "Place", "Event",
  "Document", "Observation", "Unit", "Amount",
];
const PALETTE = [
  "#1f77b4", "#aec7e8", "#ff7f0e", "#2ca02c", "#98df8a", "#d62728", "#ff9896", "#9467bd",
  "#c5b0d5", "#8c564b", "#c49c94", "#e377c2", "#f7b6d2", "#7f7f7f", "#bcbd22", "#dbdb8d",
  "#17becf", "#9edae5", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd",
];
/** JSON from a data-* attribute of the page, or `fallback` when it is missing or broken. */
function pageData(text, fallback) {
  try {
    return text ? JSON.parse(text) : fallback;
  } catch {
    return fallback;
  }
}

// Own properties only: a type or property is never looked up on Object.prototype.
const TYPE_NAMES = Object.assign(Object.create(null), pageData(root.dataset.typeNames, {}), { Resource: t("js.graph.type_other") });
const PROPERTY_LABELS = Object.assign(Object.create(null), pageData(root.dataset.propertyLabels, {}));
const PATH_COLOUR = "#e6194b";
const LARGE = 300; // above this many nodes, trade looks for speed

const nodes = new vis.DataSet();
const edges = new vis.DataSet();
const state = {
  hiddenTypes: new Set(),
  userHidden: new Set(),
  expanded: new Set(),
  typeColours: new Map(),
  pathMode: false,
  pathPicks: [],
  pathNodes: new Set(),
  pathEdges: new Set(),
  byDegree: false,
  byCommunity: false,
  edgeLabels: false,
  fetches: 0,
  settling: false,
  clickPending: false,
  capped: false,
};

const network = new vis.Network(container, { nodes, edges }, {
  autoResize: true,
  layout: { improvedLayout: false, randomSeed: 7 },
  physics: {
    enabled: false,
    solver: "barnesHut",
    barnesHut: { gravitationalConstant: -6000, springLength: 140, springConstant: 0.03, avoidOverlap: 0.1 },
    stabilization: { enabled: true, iterations: 400, updateInterval: 50, fit: false },
  },
  nodes: {
    shape: "dot",
    size: 12,
    borderWidth: 1,
    font: { size: 13, face: "system-ui, 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif" },
  },
  edges: {
    arrows: { to: { enabled: true, scaleFactor: 0.5 } },
    color: { color: "#a0a8b4", highlight: "#555", opacity: 0.9 },
    font: { size: 10, align: "middle", color: "#555" },
    smooth: false,
    width: 1,
  },
  interaction: { hover: true, tooltipDelay: 250, multiselect: true, navigationButtons: false, keyboard: false },
});

// ---------------------------------------------------------------- IRIs and labels

/** The local page of an entity, or null for IRIs outside bqw's namespace. */
function localPath(iri) {
  return iri.startsWith(config.base) ? `/${iri.slice(config.base.length)}` : null;
}

function localName(iri) {
  const cut = Math.max(iri.lastIndexOf("#"), iri.lastIndexOf("/"));
  return cut >= 0 ? iri.slice(cut + 1) : iri;
}

/** A readable name for an IRI that came without a label: bqw's id/<Type>/<name>/… */
function fallbackLabel(iri) {
  const path = localPath(iri);
  const parts = path ? path.split("/").filter(Boolean) : [];
  const raw = parts[0] === "id" && parts.length >= 3 ? parts[2] : localName(iri);
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** The type a bqw IRI spells in its path (id/<Type>/…), else "Resource". */
function typeFromIri(iri) {
  const path = localPath(iri);
  const parts = path ? path.split("/").filter(Boolean) : [];
  if (parts[0] === "id" && parts[1] && parts[1] !== "division") return parts[1];
  return "Resource";
}

const typeName = (type) => TYPE_NAMES[type] ? t("js.graph.type_name", { label: TYPE_NAMES[type], type }) : type;

function typeColour(type) {
  if (!state.typeColours.has(type)) {
    const known = KNOWN_TYPES.indexOf(type);
    const used = new Set(state.typeColours.values());
    const colour = known >= 0 ? PALETTE[known] : PALETTE.find((c, i) => i >= KNOWN_TYPES.length && !used.has(c));
    state.typeColours.set(type, colour ?? PALETTE[state.typeColours.size % PALETTE.length]);
  }
  return state.typeColours.get(type);
}

// ---------------------------------------------------------------- styling

/** Degrees for sizing: the server's measure when it has one, else links drawn here. */
function degrees() {
  const drawn = new Map();
  edges.forEach((e) => {
    drawn.set(e.from, (drawn.get(e.from) || 0) + 1);
    drawn.set(e.to, (drawn.get(e.to) || 0) + 1);
  });
  const of = new Map();
  let most = 1;
  nodes.forEach((n) => {
    const value = n.degree ?? drawn.get(n.id) ?? 0;
    of.set(n.id, value);
    most = Math.max(most, value);
  });
  return { of, most };
}

/** The vis-network attributes of one node, from its data and the page's toggles. */
function look(node, degree) {
  const onPath = state.pathNodes.has(node.id);
  const fill = state.byCommunity && node.community != null
    ? PALETTE[Math.abs(node.community) % PALETTE.length]
    : typeColour(node.type);
  return {
    id: node.id,
    hidden: state.userHidden.has(node.id) || state.hiddenTypes.has(node.type),
    size: state.byDegree ? 8 + 32 * Math.sqrt((degree.of.get(node.id) || 0) / degree.most) : 12,
    color: {
      background: fill,
      border: onPath ? PATH_COLOUR : "#2b2b2b",
      highlight: { background: fill, border: "#000" },
      hover: { background: fill, border: "#000" },
    },
    borderWidth: onPath ? 5 : 1,
  };
}

function restyleNodes(ids = null) {
  const degree = state.byDegree ? degrees() : null;
  const chosen = ids ? nodes.get(ids) : nodes.get();
  nodes.update(chosen.map((n) => look(n, degree)));
  refreshCounts();
}

function edgeLook(edge) {
  const onPath = state.pathEdges.has(edge.id);
  return {
    id: edge.id,
    label: state.edgeLabels ? edge.name : "",
    width: onPath ? 4 : 1,
    color: onPath ? { color: PATH_COLOUR, highlight: PATH_COLOUR } : { color: "#a0a8b4", highlight: "#555" },
  };
}

function restyleEdges() {
  edges.update(edges.get().map(edgeLook));
}

// ---------------------------------------------------------------- notices and counts

const noticeBox = document.getElementById("notices");

/** Show a notice; the same key replaces its earlier text rather than piling up. */
function notify(key, text, kind = "info") {
  let item = noticeBox.querySelector(`[data-key="${key}"]`);
  if (!item) {
    item = document.createElement("p");
    item.dataset.key = key;
    const close = document.createElement("button");
    close.type = "button";
    close.className = "close";
    close.textContent = "×";
    close.setAttribute("aria-label", t("js.graph.close"));
    close.addEventListener("click", () => item.remove());
    item.append(document.createElement("span"), close);
    noticeBox.append(item);
  }
  item.className = `notice ${kind}`;
  item.firstChild.textContent = text;
}

function forget(key) {
  noticeBox.querySelector(`[data-key="${key}"]`)?.remove();
}

function visibleCount() {
  return nodes.get({ filter: (n) => !n.hidden }).length;
}

function refreshCounts() {
  document.getElementById("count-nodes").textContent = String(visibleCount());
  document.getElementById("count-edges").textContent = String(edges.length);
  document.getElementById("empty").hidden = nodes.length > 0;
}

// ---------------------------------------------------------------- the legend (filter by class)

const legend = document.getElementById("legend");

function refreshLegend() {
  const counts = new Map();
  nodes.forEach((n) => counts.set(n.type, (counts.get(n.type) || 0) + 1));
  const types = [...counts.keys()].sort((a, b) => {
    const ka = KNOWN_TYPES.indexOf(a), kb = KNOWN_TYPES.indexOf(b);
    return (ka < 0 ? 99 : ka) - (kb < 0 ? 99 : kb) || a.localeCompare(b);
  });
  legend.replaceChildren(...types.map((type) => {
    const item = document.createElement("li");
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.checked = !state.hiddenTypes.has(type);
    box.dataset.type = type;
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.backgroundColor = typeColour(type);
    const text = document.createElement("span");
    text.textContent = `${typeName(type)} (${counts.get(type)})`;
    label.append(box, swatch, text);
    item.append(label);
    return item;
  }));
}

legend.addEventListener("change", (event) => {
  const type = event.target.dataset.type;
  if (!type) return;
  if (event.target.checked) state.hiddenTypes.delete(type);
  else state.hiddenTypes.add(type);
  restyleNodes(nodes.getIds({ filter: (n) => n.type === type }));
});

// ---------------------------------------------------------------- physics: settle, then stop

let settleTimer = 0;

function settle({ fit = false } = {}) {
  const count = nodes.length;
  const iterations = count > LARGE ? Math.max(60, Math.round(60000 / count)) : 400;
  state.settling = true;
  network.setOptions({
    physics: { enabled: true, stabilization: { enabled: true, iterations, updateInterval: 25, fit } },
    interaction: { hideEdgesOnDrag: count > LARGE, hideEdgesOnZoom: count > LARGE },
  });
  network.stabilize(iterations);
  clearTimeout(settleTimer);
  // Should the library never report back, physics must still stop.
  settleTimer = setTimeout(stopPhysics, 20000);
}

function stopPhysics() {
  clearTimeout(settleTimer);
  network.setOptions({ physics: { enabled: false } });
  state.settling = false;
}

network.on("stabilizationIterationsDone", stopPhysics);

// ---------------------------------------------------------------- adding data

const edgeId = (e) => `${e.from}\u0001${e.property || e.label || ""}\u0001${e.to}`;
/** What an edge shows: the ontology's label in the page's language, else the server's label, else the local name. */
const edgeName = (e) => PROPERTY_LABELS[e.property] || e.label || localName(e.property || "");

/** Positions around an anchor node (or the origin) so new nodes start near where they belong. */
function around(anchor, count) {
  const centre = anchor && nodes.get(anchor) ? network.getPositions([anchor])[anchor] : { x: 0, y: 0 };
  const radius = anchor ? 120 + 6 * Math.sqrt(count) : 40 * Math.sqrt(count + 1);
  return (i) => {
    const angle = (2 * Math.PI * i) / Math.max(count, 1);
    const r = anchor ? radius : radius * Math.sqrt(Math.random());
    return { x: centre.x + r * Math.cos(angle), y: centre.y + r * Math.sin(angle) };
  };
}

/**
 * Add nodes and edges (the /api/graph shape) to the drawing, within the global node cap.
 * Returns the ids of the nodes that were added.
 */
function addGraph(data, { anchor = null, fit = false } = {}) {
  const fresh = [];
  const updates = [];
  for (const n of data.nodes || []) {
    if (nodes.get(n.id)) updates.push({ id: n.id, degree: n.degree ?? nodes.get(n.id).degree, community: n.community ?? nodes.get(n.id).community });
    else fresh.push(n);
  }
  const room = Math.max(0, config.nodeCap - nodes.length);
  if (fresh.length > room) {
    state.capped = true;
    notify("cap", t("js.graph.cap", { cap: config.nodeCap, left: fresh.length - room }), "warning");
  }
  const kept = fresh.slice(0, room);
  const place = around(anchor, kept.length);
  const added = kept.map((n, i) => ({
    id: n.id,
    label: n.label || fallbackLabel(n.id),
    type: n.type || typeFromIri(n.id),
    degree: n.degree ?? 0,
    community: n.community ?? null,
    title: `${n.label || fallbackLabel(n.id)}\n${typeName(n.type || typeFromIri(n.id))}${n.degree != null ? `\n${t("js.graph.tooltip_degree", { degree: n.degree })}` : ""}\n${n.id}`,
    ...place(i),
  }));
  nodes.update(updates);
  nodes.add(added);
  const newEdges = [];
  for (const e of data.edges || []) {
    const id = edgeId(e);
    if (edges.get(id) || !nodes.get(e.from) || !nodes.get(e.to)) continue;
    newEdges.push({ id, from: e.from, to: e.to, property: e.property || "", name: edgeName(e), title: `${edgeName(e)}\n${e.property || ""}` });
  }
  edges.add(newEdges.map((e) => ({ ...e, ...edgeLook(e) })));
  restyleNodes([...added.map((n) => n.id), ...updates.map((n) => n.id)]);
  if (state.byDegree) restyleNodes();
  refreshLegend();
  refreshCounts();
  if (added.length || newEdges.length) settle({ fit: fit || nodes.length === added.length });
  return added.map((n) => n.id);
}

async function getJson(url) {
  state.fetches += 1;
  try {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) {
      const error = new Error(`${response.status}`);
      error.status = response.status;
      throw error;
    }
    return await response.json();
  } finally {
    state.fetches -= 1;
  }
}

function labelOf(id) {
  return nodes.get(id)?.label || fallbackLabel(id);
}

/** Fetch a node's neighbourhood and draw it (one call per click, capped by expandLimit). */
async function expand(iri) {
  const url = `${config.graphUrl}?${new URLSearchParams({ iri, limit: String(config.expandLimit) })}`;
  let data;
  try {
    data = await getJson(url);
  } catch (error) {
    const label = labelOf(iri);
    notify("expand", error.status === 404 ? t("js.graph.no_links", { label }) : t("js.graph.expand_failed", { label, message: error.message }), "error");
    return [];
  }
  state.expanded.add(iri);
  const added = addGraph(data, { anchor: nodes.get(iri) ? iri : null });
  if (data.truncated) {
    const shown = (data.nodes || []).filter((n) => n.id !== iri).length;
    notify("expand", t("js.graph.expand_truncated", { label: labelOf(iri), total: data.total, shown, limit: config.expandLimit }), "warning");
  } else if (!added.length) {
    notify("expand", t("js.graph.nothing_more", { label: labelOf(iri) }));
  } else {
    forget("expand");
  }
  return added;
}

// ---------------------------------------------------------------- shortest-path mode

const pathButton = root.querySelector('[data-action="path"]');

function setPathMode(on) {
  state.pathMode = on;
  state.pathPicks = [];
  pathButton.setAttribute("aria-pressed", String(on));
  root.classList.toggle("picking-path", on);
  if (on) notify("path", t("js.graph.path_start"));
}

function clearPath() {
  if (!state.pathNodes.size && !state.pathEdges.size) return;
  const before = [...state.pathNodes];
  state.pathNodes.clear();
  state.pathEdges.clear();
  restyleNodes(before.filter((id) => nodes.get(id)));
  restyleEdges();
}

async function pickForPath(iri) {
  state.pathPicks.push(iri);
  if (state.pathPicks.length < 2) {
    notify("path", t("js.graph.path_from", { label: labelOf(iri) }));
    return;
  }
  const [from, to] = state.pathPicks;
  setPathMode(false);
  await findPath(from, to);
}

async function findPath(from, to) {
  clearPath();
  let data;
  try {
    data = await getJson(`${config.pathUrl}?${new URLSearchParams({ from, to })}`);
  } catch (error) {
    const message = error.status === 404
      ? t("js.graph.no_path", { from: labelOf(from), to: labelOf(to) })
      : t("js.graph.path_failed", { message: error.message });
    notify("path", message, "error");
    return [];
  }
  addGraph(data, { anchor: from });
  const ids = (data.nodes || []).map((n) => n.id);
  state.pathNodes = new Set(ids.filter((id) => nodes.get(id)));
  state.pathEdges = new Set((data.edges || []).map(edgeId).filter((id) => edges.get(id)));
  // A node on the path stays visible even if its type is filtered out or it was hidden.
  for (const id of ids) state.userHidden.delete(id);
  for (const n of nodes.get(ids)) state.hiddenTypes.delete(n.type);
  restyleNodes();
  restyleEdges();
  refreshLegend();
  network.selectNodes([...state.pathNodes]);
  notify("path", t("js.graph.path_found", { steps: Math.max(ids.length - 1, 0), path: ids.map(labelOf).join(" → ") }), "success");
  return ids;
}

// ---------------------------------------------------------------- clicks

let clickTimer = 0;

network.on("click", (event) => {
  const id = event.nodes[0];
  if (id === undefined) return;
  // Wait a moment: the first click of a double-click must not expand the node.
  clearTimeout(clickTimer);
  state.clickPending = true;
  clickTimer = setTimeout(() => {
    state.clickPending = false;
    if (state.pathMode) pickForPath(id);
    else expand(id);
  }, 250);
});

network.on("doubleClick", (event) => {
  clearTimeout(clickTimer);
  state.clickPending = false;
  const id = event.nodes[0];
  if (id === undefined) return;
  const path = localPath(id);
  if (path) window.location.assign(path);
  else notify("open", t("js.graph.not_local", { label: labelOf(id) }));
});

// ---------------------------------------------------------------- toolbar

function hideSelected() {
  const chosen = network.getSelectedNodes();
  if (!chosen.length) {
    notify("hide", t("js.graph.hide_first"));
    return;
  }
  for (const id of chosen) state.userHidden.add(id);
  network.unselectAll();
  restyleNodes(chosen);
  notify("hide", t("js.graph.hidden", { count: state.userHidden.size }));
}

function unhideAll() {
  const ids = [...state.userHidden];
  state.userHidden.clear();
  state.hiddenTypes.clear();
  restyleNodes();
  refreshLegend();
  forget("hide");
  return ids;
}

function clearAll() {
  clearPath();
  nodes.clear();
  edges.clear();
  state.expanded.clear();
  state.userHidden.clear();
  state.capped = false;
  noticeBox.replaceChildren();
  refreshLegend();
  refreshCounts();
}

function exportPng() {
  const source = container.querySelector("canvas");
  const out = document.createElement("canvas");
  out.width = source.width;
  out.height = source.height;
  const context = out.getContext("2d");
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, out.width, out.height);
  context.drawImage(source, 0, 0);
  out.toBlob((blob) => {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "bqw-graph.png";
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  }, "image/png");
}

const actions = {
  path: () => { clearPath(); setPathMode(!state.pathMode); if (!state.pathMode) forget("path"); },
  hide: hideSelected,
  unhide: unhideAll,
  fit: () => network.fit({ animation: false }),
  relayout: () => settle({ fit: true }),
  png: exportPng,
  clear: clearAll,
};

root.querySelector(".explorer-tools").addEventListener("click", (event) => {
  const action = event.target.closest("button")?.dataset.action;
  if (action && actions[action]) actions[action]();
});

container.addEventListener("keydown", (event) => {
  if (event.key === "Delete" || event.key === "Backspace") hideSelected();
});
container.tabIndex = 0;

root.querySelector(".explorer-style").addEventListener("change", (event) => {
  const toggle = event.target.dataset.toggle;
  if (toggle === "degree") state.byDegree = event.target.checked;
  if (toggle === "community") {
    state.byCommunity = event.target.checked;
    legend.classList.toggle("by-community", state.byCommunity);
    if (state.byCommunity && !nodes.get({ filter: (n) => n.community != null }).length) {
      notify("community", t("js.graph.no_communities"));
    } else {
      forget("community");
    }
  }
  if (toggle === "edge-labels") {
    state.edgeLabels = event.target.checked;
    restyleEdges();
    return;
  }
  restyleNodes();
});

// ---------------------------------------------------------------- search with autocomplete

const searchInput = document.getElementById("explorer-q");
const suggestions = document.getElementById("explorer-suggestions");
let searchTimer = 0;
let searchSerial = 0;
let active = -1;

function closeSuggestions() {
  suggestions.hidden = true;
  suggestions.replaceChildren();
  searchInput.setAttribute("aria-expanded", "false");
  active = -1;
}

async function suggest(text) {
  const serial = ++searchSerial;
  let data;
  try {
    data = await getJson(`${config.searchUrl}?${new URLSearchParams({ q: text, limit: "10" })}`);
  } catch (error) {
    if (serial === searchSerial) notify("search", t("js.graph.search_failed", { message: error.message }), "error");
    return;
  }
  if (serial !== searchSerial) return; // a newer keystroke already asked
  forget("search");
  const results = data.results || [];
  if (!results.length) {
    const none = document.createElement("li");
    none.className = "none";
    none.textContent = t("js.graph.no_match");
    suggestions.replaceChildren(none);
  } else {
    suggestions.replaceChildren(...results.map((hit, i) => {
      const item = document.createElement("li");
      item.id = `explorer-suggestion-${i}`;
      item.setAttribute("role", "option");
      item.dataset.iri = hit.iri;
      item.dataset.label = hit.label;
      const name = document.createElement("span");
      name.textContent = hit.label;
      const kind = document.createElement("small");
      kind.textContent = typeName(typeFromIri(hit.iri));
      item.append(name, kind);
      return item;
    }));
  }
  suggestions.hidden = false;
  searchInput.setAttribute("aria-expanded", "true");
  active = -1;
}

function highlight(index) {
  const items = [...suggestions.querySelectorAll('[role="option"]')];
  if (!items.length) return;
  active = (index + items.length) % items.length;
  items.forEach((item, i) => item.setAttribute("aria-selected", String(i === active)));
  searchInput.setAttribute("aria-activedescendant", items[active].id);
}

async function choose(item) {
  const { iri, label } = item.dataset;
  closeSuggestions();
  searchInput.value = label;
  if (!nodes.get(iri)) addGraph({ nodes: [{ id: iri, label, type: typeFromIri(iri) }], edges: [] });
  if (state.pathMode) {
    await pickForPath(iri);
  } else {
    await expand(iri);
  }
  network.selectNodes([iri]);
  network.focus(iri, { scale: 1, animation: false });
}

searchInput.addEventListener("input", () => {
  clearTimeout(searchTimer);
  const text = searchInput.value.trim();
  if (!text) {
    closeSuggestions();
    return;
  }
  searchTimer = setTimeout(() => suggest(text), 200);
});

searchInput.addEventListener("keydown", (event) => {
  if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
  else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
  else if (event.key === "Escape") closeSuggestions();
  else if (event.key === "Enter") {
    event.preventDefault();
    const items = suggestions.querySelectorAll('[role="option"]');
    const item = items[Math.max(active, 0)];
    if (item) choose(item);
  }
});

suggestions.addEventListener("click", (event) => {
  const item = event.target.closest('[role="option"]');
  if (item) choose(item);
});

root.querySelector(".explorer-search").addEventListener("submit", (event) => event.preventDefault());

// ---------------------------------------------------------------- a graph from the SPARQL editor

const RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const LABELS = new Set([
  "http://www.w3.org/2000/01/rdf-schema#label",
  "http://www.w3.org/2004/02/skos/core#prefLabel",
  "https://schema.org/name",
  "http://schema.org/name",
]);

/** One N-Triples term at the start of text: [term, rest] (literals as {value, language}). */
function readTerm(text) {
  const s = text.trimStart();
  if (s.startsWith("<")) {
    const end = s.indexOf(">");
    return [{ iri: s.slice(1, end) }, s.slice(end + 1)];
  }
  if (s.startsWith("_:")) {
    const match = /^_:(\S+)/.exec(s);
    return [{ iri: `_:${match[1]}` }, s.slice(match[0].length)];
  }
  if (s.startsWith('"')) {
    let i = 1;
    let value = "";
    while (i < s.length && s[i] !== '"') {
      if (s[i] === "\\") {
        const next = s[i + 1];
        if (next === "u" || next === "U") {
          const width = next === "u" ? 4 : 8;
          value += String.fromCodePoint(Number.parseInt(s.slice(i + 2, i + 2 + width), 16));
          i += 2 + width;
          continue;
        }
        value += { n: "\n", r: "\r", t: "\t", b: "\b", f: "\f" }[next] ?? next;
        i += 2;
        continue;
      }
      value += s[i];
      i += 1;
    }
    let rest = s.slice(i + 1);
    let language = "";
    const lang = /^@([A-Za-z0-9-]+)/.exec(rest);
    if (lang) {
      language = lang[1];
      rest = rest.slice(lang[0].length);
    } else if (rest.startsWith("^^<")) {
      rest = rest.slice(rest.indexOf(">") + 1);
    }
    return [{ value, language }, rest];
  }
  throw new Error(`not N-Triples: ${s.slice(0, 40)}`);
}

/** Triples (N-Triples text) → the /api/graph shape: resources are nodes, links are edges. */
export function triplesToGraph(ntriples) {
  const found = new Map();
  const labels = new Map();
  const links = [];
  const resource = (iri) => {
    if (!found.has(iri)) found.set(iri, { id: iri, type: null });
    return found.get(iri);
  };
  for (const line of ntriples.split("\n")) {
    const text = line.trim();
    if (!text || text.startsWith("#")) continue;
    const [s, afterS] = readTerm(text);
    const [p, afterP] = readTerm(afterS);
    const [o] = readTerm(afterP);
    const subject = resource(s.iri);
    if (p.iri === RDF_TYPE && o.iri) {
      const kind = localName(o.iri);
      if (!subject.type || KNOWN_TYPES.includes(kind)) subject.type = kind;
    } else if (LABELS.has(p.iri) && o.value !== undefined) {
      // Prefer a Chinese label, then any.
      if (!labels.has(s.iri) || o.language.startsWith("zh")) labels.set(s.iri, o.value);
    } else if (o.iri) {
      resource(o.iri);
      links.push({ from: s.iri, to: o.iri, property: p.iri, label: localName(p.iri) });
    }
  }
  return {
    nodes: [...found.values()].map((n) => ({
      id: n.id,
      label: labels.get(n.id) || fallbackLabel(n.id),
      type: n.type || typeFromIri(n.id),
    })),
    edges: links,
  };
}

function importFromEditor() {
  const stored = sessionStorage.getItem(IMPORT_KEY);
  if (!stored) return false;
  sessionStorage.removeItem(IMPORT_KEY);
  let graph;
  try {
    const payload = JSON.parse(stored);
    graph = payload.graph || triplesToGraph(payload.ntriples || "");
  } catch (error) {
    notify("import", t("js.graph.import_failed", { message: error.message }), "error");
    return true;
  }
  addGraph(graph, { fit: true });
  notify("import", t("js.graph.imported", { nodes: graph.nodes.length, edges: graph.edges.length }), "success");
  return true;
}

// ---------------------------------------------------------------- start

window.bqwGraph = {
  network,
  nodes,
  edges,
  config,
  get busy() { return state.fetches > 0 || state.settling || state.clickPending; },
  get capped() { return state.capped; },
  get pathNodes() { return [...state.pathNodes]; },
  get pathEdges() { return [...state.pathEdges]; },
  visibleCount,
  expand,
  findPath,
  addGraph,
  triplesToGraph,
  /** Page coordinates of a node's centre, to click it as a person would. */
  pagePosition(id) {
    const dom = network.canvasToDOM(network.getPositions([id])[id]);
    const box = container.getBoundingClientRect();
    return { x: box.left + dom.x + window.scrollX, y: box.top + dom.y + window.scrollY };
  },
};

if (!importFromEditor() && config.start) {
  expand(config.start).then(() => {
    if (nodes.get(config.start)) network.selectNodes([config.start]);
  });
}
refreshCounts();
