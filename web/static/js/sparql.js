// The SPARQL editor: YASGUI (served from /vendor) pointed at this server's /sparql.
//
// Nothing here talks to another site: the endpoint is ours, prefix.cc and LOV are never
// asked (autocompletion of classes, properties and entities comes from our own data), and a
// permalink (?query=) cannot redirect queries to another endpoint. IRIs in results link to
// the local entity pages; CONSTRUCT/DESCRIBE results open in the graph explorer.
//
// Words (tab names, example titles, messages) come from window.bqwI18n (i18n.js); YASGUI's
// own controls keep YASGUI's English.

const { t } = window.bqwI18n;
const Yasgui = window.Yasgui;
const Yasqe = Yasgui.Yasqe;
const root = document.getElementById("sparql");
const ENDPOINT = new URL(root.dataset.endpoint, window.location.href).href;
const BASE = root.dataset.base;
const GRAPH_PAGE = root.dataset.graphPage;
const SEARCH_URL = root.dataset.searchUrl;
const status = document.getElementById("sparql-status");

/** Where graph.js looks for a graph to draw (see IMPORT_KEY there). */
const IMPORT_KEY = "bqw:graph-import";

const PREFIXES = {
  bqw: "https://w3id.org/bqw/ontology#",
  rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
  rdfs: "http://www.w3.org/2000/01/rdf-schema#",
  skos: "http://www.w3.org/2004/02/skos/core#",
  prov: "http://www.w3.org/ns/prov#",
  dcterms: "http://purl.org/dc/terms/",
  xsd: "http://www.w3.org/2001/XMLSchema#",
  qb: "http://purl.org/linked-data/cube#",
  schema: "https://schema.org/",
  org: "http://www.w3.org/ns/org#",
};
const PROLOGUE = Object.entries(PREFIXES).map(([name, iri]) => `PREFIX ${name}: <${iri}>`).join("\n");
const FIRST_QUERY = `${PROLOGUE}

# ${t("js.sparql.first_query")}
SELECT ?village ?name ?parent ?parentName WHERE {
  ?village a bqw:Village ; rdfs:label ?name .
  OPTIONAL { ?village bqw:partOf ?parent . ?parent rdfs:label ?parentName }
}
ORDER BY ?name
LIMIT 100`;

function say(text) {
  status.textContent = text;
}

/** The local page of an IRI in bqw's namespace, else null. */
function localPath(iri) {
  return iri.startsWith(BASE) ? `/${iri.slice(BASE.length)}` : null;
}

function permalink(query) {
  const url = new URL(window.location.pathname, window.location.href);
  url.searchParams.set("query", query);
  return url.href;
}

// ---------------------------------------------------------------- our own endpoint only

/** Run a query on our endpoint and return the response (Accept chooses the format). */
async function run(query, accept) {
  const response = await fetch(ENDPOINT, {
    method: "POST",
    headers: { Accept: accept, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ query }),
  });
  if (!response.ok) throw new Error(`${response.status} ${(await response.text()).slice(0, 200)}`);
  return response;
}

async function column(query, variable) {
  const data = await (await run(query, "application/sparql-results+json")).json();
  return data.results.bindings.map((row) => row[variable]?.value).filter(Boolean);
}

// ---------------------------------------------------------------- autocompletion from our data

// Completions are not kept in localStorage: a re-ingested store would leave them stale.
const notStored = () => undefined;

Yasqe.forkAutocompleter("prefixes", {
  name: "bqwPrefixes",
  persistenceId: notStored,
  // Ours first, then the list bundled with YASQE (prefixCcApi stays null: no prefix.cc).
  get: async (yasqe) => {
    const bundled = await Yasqe.Autocompleters.prefixes.get(yasqe);
    const ours = Object.entries(PREFIXES).map(([name, iri]) => `${name}: <${iri}>`);
    const taken = new Set(Object.keys(PREFIXES).map((name) => `${name}:`));
    return [...ours, ...bundled.filter((line) => !taken.has(line.split(" ")[0]))];
  },
}, false);

Yasqe.forkAutocompleter("class", {
  name: "bqwClass",
  bulk: true,
  persistenceId: notStored,
  get: () => column("SELECT DISTINCT ?class WHERE { ?s a ?class } LIMIT 5000", "class").catch(() => []),
}, false);

Yasqe.forkAutocompleter("property", {
  name: "bqwProperty",
  bulk: true,
  persistenceId: notStored,
  get: () => column("SELECT DISTINCT ?p WHERE { ?s ?p ?o } LIMIT 5000", "p").catch(() => []),
}, false);

// Entities by label: type "<" and part of a name (e.g. <文章), then Ctrl+Space.
const entityLabels = new Map();
Yasqe.registerAutocompleter({
  name: "bqwEntity",
  bulk: false,
  autoShow: false,
  persistenceId: notStored,
  isValidCompletionPosition: (yasqe) => {
    const token = yasqe.getCompleteToken();
    return token.string.startsWith("<") && token.string.length > 1 && !/^<[a-z]+:\/\//i.test(token.string);
  },
  get: async (_yasqe, token) => {
    const text = token.string.replace(/^</, "").replace(/>$/, "").trim();
    if (!text) return [];
    const response = await fetch(`${SEARCH_URL}?${new URLSearchParams({ q: text, limit: "20" })}`, {
      headers: { Accept: "application/json" },
    });
    if (!response.ok) return [];
    const { results = [] } = await response.json();
    for (const hit of results) entityLabels.set(`<${hit.iri}>`, hit.label);
    return results.map((hit) => `<${hit.iri}>`);
  },
  postprocessHints: (_yasqe, hints) => hints.map((hint) => ({
    ...hint,
    displayText: entityLabels.has(hint.text) ? `${entityLabels.get(hint.text)}  ${hint.text}` : hint.text,
  })),
}, false);

// ---------------------------------------------------------------- permalinks

// A permalink is ?query=…, the same as the address bar after each run. (YASGUI's own share
// links put the whole tab, endpoint included, into the URL's fragment.)
Yasgui.Tab.prototype.getShareableLink = function shareableLink() {
  return permalink(this.getQuery());
};

// ---------------------------------------------------------------- YASGUI

const yasgui = new Yasgui(document.getElementById("yasgui"), {
  requestConfig: { endpoint: ENDPOINT, method: "POST" },
  copyEndpointOnNewTab: false,
  tabName: t("js.sparql.tab"),
  // ?query= opens (or selects) a tab and runs it; whatever else the URL says, the query
  // goes to our endpoint with no extra arguments or headers.
  populateFromUrl: (tab) => {
    tab.requestConfig = { ...tab.requestConfig, endpoint: ENDPOINT, args: [], headers: {} };
    return tab;
  },
  endpointCatalogueOptions: { getData: () => [{ endpoint: ENDPOINT }], keys: [] },
  yasqe: {
    value: FIRST_QUERY,
    prefixCcApi: null,
    autocompleters: ["variables", "bqwPrefixes", "bqwProperty", "bqwClass", "bqwEntity"],
    resizeable: true,
    editorHeight: "300px",
  },
  yasr: {
    prefixes: PREFIXES,
  },
});

function tabs() {
  return Object.values(yasgui._tabs);
}

/** Point every tab at our endpoint, even one restored from an older visit. */
function pinEndpoint(tab) {
  if (tab.getEndpoint() !== ENDPOINT) tab.setEndpoint(ENDPOINT);
}

// ---------------------------------------------------------------- IRIs → local pages

function localiseLinks(scope) {
  for (const link of scope.querySelectorAll("a[href]")) {
    const href = link.getAttribute("href");
    const local = href && localPath(href);
    if (local) {
      link.setAttribute("href", local);
      link.removeAttribute("target");
      link.title = href;
    }
  }
}

// Result tables are redrawn on every page, sort and filter: rewrite links as they appear.
new MutationObserver((changes) => {
  for (const change of changes) {
    for (const added of change.addedNodes) {
      if (added.nodeType === Node.ELEMENT_NODE) {
        if (added.matches("a[href]")) localiseLinks(added.parentElement || added);
        else localiseLinks(added);
      }
    }
  }
}).observe(document.getElementById("yasgui"), { childList: true, subtree: true });

// ---------------------------------------------------------------- after a query

const openGraph = document.getElementById("open-graph");
const downloads = [...root.querySelectorAll("[data-download]")];
const permalinkLink = document.getElementById("permalink");

function currentTab() {
  return yasgui.getTab();
}

function queryKind(tab = currentTab()) {
  try {
    return tab?.getYasqe()?.getQueryType() ?? "SELECT";
  } catch {
    return "SELECT";
  }
}

function isGraphQuery(tab) {
  return ["CONSTRUCT", "DESCRIBE"].includes(queryKind(tab));
}

function refreshActions() {
  const tab = currentTab();
  const query = tab?.getQuery() ?? "";
  permalinkLink.href = permalink(query);
  const graphQuery = isGraphQuery(tab);
  openGraph.hidden = !graphQuery;
  downloads[0].textContent = t(graphQuery ? "js.sparql.download_turtle" : "js.sparql.download_csv");
  downloads[1].textContent = t(graphQuery ? "js.sparql.download_jsonld" : "js.sparql.download_json");
}

function wire(tab) {
  if (!tab || tab.bqwWired) return;
  tab.bqwWired = true;
  pinEndpoint(tab);
}

yasgui.on("tabChange", (_yasgui, tab) => refreshActions(tab));
yasgui.on("tabSelect", () => setTimeout(refreshActions, 0));
yasgui.on("query", (_yasgui, tab) => {
  wire(tab);
  say(t("js.sparql.running"));
});
yasgui.on("queryResponse", (_yasgui, tab) => {
  say("");
  history.replaceState(null, "", permalink(tab.getQuery()));
  refreshActions();
  const yasr = tab.getYasr();
  if (yasr) localiseLinks(yasr.rootEl);
});
yasgui.on("queryAbort", () => say(""));

// ---------------------------------------------------------------- downloads

const FORMATS = {
  table: { select: ["text/csv", "csv"], graph: ["text/turtle", "ttl"] },
  json: { select: ["application/sparql-results+json", "json"], graph: ["application/ld+json", "jsonld"] },
};

function save(blob, name) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

root.querySelector(".sparql-actions").addEventListener("click", async (event) => {
  const which = event.target.closest("[data-download]")?.dataset.download;
  if (!which) return;
  const tab = currentTab();
  const [accept, extension] = FORMATS[which][isGraphQuery(tab) ? "graph" : "select"];
  try {
    const response = await run(tab.getQuery(), accept);
    save(await response.blob(), `bqw-query.${extension}`);
  } catch (error) {
    say(t("js.sparql.download_failed", { message: error.message }));
  }
});

// ---------------------------------------------------------------- CONSTRUCT/DESCRIBE → graph

// The explorer's IRIs must fit in sessionStorage (a few MB); beyond this it says so.
const IMPORT_LIMIT = 4_000_000;

openGraph.addEventListener("click", async () => {
  const tab = currentTab();
  say(t("js.sparql.fetching"));
  try {
    const ntriples = await (await run(tab.getQuery(), "application/n-triples")).text();
    if (ntriples.length > IMPORT_LIMIT) {
      say(t("js.sparql.too_large"));
      return;
    }
    sessionStorage.setItem(IMPORT_KEY, JSON.stringify({ query: tab.getQuery(), ntriples }));
    window.location.assign(GRAPH_PAGE);
  } catch (error) {
    say(t("js.sparql.graph_failed", { message: error.message }));
  }
});

// ---------------------------------------------------------------- example queries

async function loadExamples() {
  const list = document.getElementById("examples");
  let examples;
  try {
    const response = await fetch(root.dataset.queriesUrl, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(String(response.status));
    examples = await response.json();
  } catch (error) {
    say(t("js.sparql.examples_failed", { message: error.message }));
    return;
  }
  list.replaceChildren(...examples.map((example) => {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = exampleTitle(example);
    button.title = example.name;
    button.addEventListener("click", () => openExample(example));
    item.append(button);
    return item;
  }));
  list.dataset.loaded = String(examples.length);
}

/** An example query's title in the page's language, else the title its .rq file gives. */
function exampleTitle(example) {
  const key = `js.query.${example.name}`;
  return window.bqwI18n.has(key) ? t(key) : example.title || example.name;
}

function openExample(example) {
  const name = exampleTitle(example);
  const existing = tabs().find((tab) => tab.getName() === name);
  const tab = existing ?? yasgui.addTab(true, {
    name,
    yasqe: { value: example.query },
    requestConfig: { endpoint: ENDPOINT },
  });
  if (existing) {
    yasgui.selectTabId(existing.getId());
    existing.setQuery(example.query);
  }
  wire(tab);
  tab.query().catch((error) => say(t("js.sparql.query_failed", { message: error.message })));
}

tabs().forEach(wire);
refreshActions();
loadExamples();

window.bqwSparql = { yasgui, openExample, permalink };
