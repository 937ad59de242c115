// Site-wide behaviour of bqw pages: label autocomplete on search boxes, and copy buttons.
// No inline scripts (the Content-Security-Policy forbids them): elements opt in with data-*
// attributes, and every text from the API is inserted with textContent, never as HTML.
// Words come from window.bqwI18n (i18n.js).
(function () {
  "use strict";

  const t = window.bqwI18n.t;

  const DELAY_MS = 150;
  const LIMIT = 8;

  function attach(input) {
    const url = input.dataset.autocomplete;
    const list = document.createElement("ul");
    list.className = "autocomplete";
    list.hidden = true;
    list.setAttribute("role", "listbox");
    input.parentElement.appendChild(list);
    let timer = null;
    let active = -1;
    let controller = null;

    function close() {
      list.hidden = true;
      list.replaceChildren();
      active = -1;
    }

    function highlight(index) {
      const items = list.querySelectorAll("li");
      items.forEach((item, i) => item.classList.toggle("active", i === index));
      active = index;
    }

    function show(results) {
      list.replaceChildren();
      for (const result of results) {
        const item = document.createElement("li");
        item.setAttribute("role", "option");
        const link = document.createElement("a");
        link.href = result.href || "/resource?iri=" + encodeURIComponent(result.iri);
        link.textContent = result.label;
        item.appendChild(link);
        list.appendChild(item);
      }
      list.hidden = results.length === 0;
      active = -1;
    }

    async function lookup() {
      const text = input.value.trim();
      if (!text) {
        close();
        return;
      }
      if (controller) controller.abort();
      controller = new AbortController();
      const query = new URLSearchParams({ q: text, limit: String(LIMIT) });
      try {
        const response = await fetch(url + "?" + query.toString(), {
          headers: { Accept: "application/json" },
          signal: controller.signal,
        });
        if (!response.ok) return close();
        const data = await response.json();
        show(data.results || []);
      } catch (error) {
        if (error.name !== "AbortError") close();
      }
    }

    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(lookup, DELAY_MS);
    });
    input.addEventListener("keydown", (event) => {
      const items = list.querySelectorAll("li");
      if (list.hidden || items.length === 0) return;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight((active + 1) % items.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight((active - 1 + items.length) % items.length);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.assign(items[active].querySelector("a").href);
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", () => setTimeout(close, 200));
  }

  function attachCopy(button) {
    button.addEventListener("click", async () => {
      const source = document.getElementById(button.dataset.copyTarget);
      if (!source) return;
      const original = button.textContent;
      try {
        await navigator.clipboard.writeText(source.textContent);
        button.textContent = t("js.search.copied");
      } catch (error) {
        button.textContent = t("js.search.copy_failed");
      }
      setTimeout(() => {
        button.textContent = original;
      }, 1500);
    });
  }

  document.querySelectorAll("input[data-autocomplete]").forEach(attach);
  document.querySelectorAll("[data-copy-target]").forEach(attachCopy);
})();
