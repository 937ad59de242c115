// The interface's words for our scripts, in the page's language.
//
// The server puts the messages our scripts need (the `js.` part of web/i18n/messages.toml,
// in the chosen language) into <body data-messages> as JSON: the Content-Security-Policy
// forbids inline scripts. A classic script loaded with `defer` before the others, so that
// search.js, charts.js, graph.js and sparql.js find window.bqwI18n when they run.
(() => {
  "use strict";

  let messages = {};
  try {
    messages = JSON.parse(document.body.dataset.messages || "{}");
  } catch {
    messages = {};
  }

  /** The message `key` with its {name} placeholders filled from `values` (the key itself when unknown). */
  function t(key, values = {}) {
    const text = Object.hasOwn(messages, key) ? messages[key] : key;
    return text.replace(/\{(\w+)\}/g, (whole, name) => (Object.hasOwn(values, name) ? String(values[name]) : whole));
  }

  window.bqwI18n = Object.freeze({
    lang: document.documentElement.lang || "zh-CN",
    t,
    has: (key) => Object.hasOwn(messages, key),
  });
})();
