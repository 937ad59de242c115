// Figures as charts: reads the observations of the page's entity from the URL in
// #chart's data-observations-url, and draws one indicator at a time with Chart.js (a line
// over periods, or bars when there is only one period), one series per area.
//
// A redacted value (no number, e.g. "**" in the report) is listed in a table under the
// chart as redacted; it is never plotted, not even as zero.
//
// A classic script (the entity page loads it with defer), so it keeps to its own scope.
// Words come from window.bqwI18n (i18n.js).

(() => {
  "use strict";

  const t = window.bqwI18n.t;

  const ChartJs = window.Chart;
  const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
  const collator = new Intl.Collator("zh-CN", { numeric: true });

  const isNumber = (value) => typeof value === "number" && Number.isFinite(value);

  function element(tag, properties = {}, ...children) {
    const node = document.createElement(tag);
    Object.assign(node, properties);
    node.append(...children);
    return node;
  }

  /** Rows grouped by indicator, in the order the indicators first appear. */
  function byIndicator(rows) {
    const groups = new Map();
    for (const row of rows) {
      const key = row.indicator_iri || row.indicator;
      if (!groups.has(key)) groups.set(key, { name: row.indicator || key, rows: [] });
      groups.get(key).rows.push(row);
    }
    return groups;
  }

  const asWritten = (row) => Number(String(row.value ?? "").replace(/[,，\s]/g, ""));

  /**
   * The number to plot and its unit. ``numeric`` is normalised (83.15 亿元 → 8315000000), so
   * when every figure of the indicator was written in one unit, the figures are plotted as
   * written, in that unit; otherwise the normalised numbers are plotted.
   */
  function scale(rows) {
    const units = new Set(rows.map((row) => row.unit || ""));
    const written = units.size === 1 && rows.every((row) => Number.isFinite(asWritten(row)));
    if (written) return { value: asWritten, units: [...units].filter(Boolean) };
    return { value: (row) => row.numeric, units: [t("js.charts.base_units")] };
  }

  /** Chart.js data for one indicator: periods on the x axis, a series per area. */
  function chartData(rows) {
    const plotted = rows.filter((row) => isNumber(row.numeric));
    const { value, units } = scale(plotted);
    const periods = [...new Set(plotted.map((row) => row.period || "—"))].sort(collator.compare);
    const areas = [...new Set(plotted.map((row) => row.area || "—"))];
    const datasets = areas.map((area, i) => {
      const values = new Map();
      for (const row of plotted) {
        if ((row.area || "—") === area) values.set(row.period || "—", value(row));
      }
      const colour = PALETTE[i % PALETTE.length];
      return {
        label: area,
        data: periods.map((period) => (values.has(period) ? values.get(period) : null)),
        backgroundColor: colour,
        borderColor: colour,
        spanGaps: true,
      };
    });
    return { periods, datasets, units, count: plotted.length };
  }

  function maskedTable(rows) {
    const masked = rows.filter((row) => !isNumber(row.numeric));
    if (!masked.length) return null;
    const columns = ["indicator", "area", "period", "value"].map((name) => t(`js.charts.${name}`));
    const head = element("tr", {}, ...columns.map((text) => element("th", { textContent: text, scope: "col" })));
    const body = masked.map((row) => element(
      "tr",
      {},
      element("td", { textContent: row.indicator ?? "" }),
      element("td", { textContent: row.area ?? "" }),
      element("td", { textContent: row.period ?? "" }),
      element("td", { textContent: t("js.charts.redacted_value", { value: `${row.value ?? ""}${row.unit ? ` ${row.unit}` : ""}` }) }),
    ));
    return element(
      "table",
      { className: "masked-values" },
      element("caption", { textContent: t("js.charts.redacted_caption") }),
      element("thead", {}, head),
      element("tbody", {}, ...body),
    );
  }

  async function main() {
    const canvas = document.getElementById("chart");
    if (!canvas || !canvas.dataset.observationsUrl) return;
    const note = element("p", { className: "chart-note" });
    canvas.before(note);
    let rows;
    try {
      const response = await fetch(canvas.dataset.observationsUrl, { headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(String(response.status));
      rows = (await response.json()).rows || [];
    } catch (error) {
      note.textContent = t("js.charts.load_failed", { message: error.message });
      canvas.hidden = true;
      canvas.dataset.state = "error";
      return;
    }

    const groups = byIndicator(rows);
    const plottedCount = (group) => group.rows.filter((row) => isNumber(row.numeric)).length;
    // The indicator with the most figures first: a single bar says the least.
    const chartable = [...groups.entries()]
      .filter(([, group]) => plottedCount(group) > 0)
      .sort(([, a], [, b]) => plottedCount(b) - plottedCount(a));
    const masked = maskedTable(rows);
    if (masked) canvas.after(masked);
    if (!chartable.length) {
      note.textContent = rows.length ? t("js.charts.all_redacted") : t("js.charts.nothing");
      canvas.hidden = true;
      canvas.dataset.state = "empty";
      return;
    }

    let chart = null;
    const draw = (key) => {
      const group = groups.get(key);
      const data = chartData(group.rows);
      const type = data.periods.length > 1 ? "line" : "bar";
      chart?.destroy();
      chart = new ChartJs(canvas, {
        type,
        data: { labels: data.periods, datasets: data.datasets },
        options: {
          responsive: true,
          maintainAspectRatio: true,
          aspectRatio: 2.2,
          animation: false,
          plugins: {
            title: {
              display: true,
              text: data.units.length
                ? t("js.charts.title_units", { name: group.name, units: data.units.join(t("js.charts.unit_separator")) })
                : group.name,
            },
            legend: { display: data.datasets.length > 1 },
            tooltip: {
              callbacks: { label: (item) => `${item.dataset.label}: ${item.formattedValue}${data.units.length === 1 ? ` ${data.units[0]}` : ""}` },
            },
          },
          scales: {
            x: { title: { display: true, text: t("js.charts.period") } },
            y: { beginAtZero: type === "bar", title: { display: data.units.length === 1, text: data.units[0] ?? "" } },
          },
        },
      });
      canvas.dataset.state = "drawn";
      canvas.dataset.indicator = key;
      window.bqwCharts = { chart, rows, indicator: key };
    };

    if (chartable.length > 1) {
      const select = element("select", { id: "chart-indicator" });
      for (const [key, group] of chartable) {
        select.append(element("option", { value: key, textContent: t("js.charts.option", { name: group.name, count: plottedCount(group) }) }));
      }
      select.addEventListener("change", () => draw(select.value));
      note.append(element("label", { htmlFor: "chart-indicator", textContent: t("js.charts.choose") }), select);
    }
    draw(chartable[0][0]);
  }

  main();
})();
