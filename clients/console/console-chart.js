// A small line chart drawn by hand in SVG: a few series over the same time axis, a rounded scale, grid lines.

const NS = 'http://www.w3.org/2000/svg';

function svgEl(tag, attributes = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The smallest of 1, 2, 5 × 10^n at or above `value` (at least 1). */
export function niceCeiling(value) {
  if (!(value > 1)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/**
 * Draws `series` ([{cls, values: number[]}], oldest first, all of the same length at most `points`) into `svg`,
 * sized to the element so that text is not stretched.
 */
export function drawChart(svg, series, { points = 60, label = (v) => String(v) } = {}) {
  const width = Math.max(200, Math.round(svg.clientWidth || 600));
  const height = Math.max(100, Math.round(svg.clientHeight || 200));
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.replaceChildren();
  const left = 44;
  const right = 8;
  const top = 8;
  const bottom = 18;
  const max = niceCeiling(Math.max(0, ...series.flatMap((s) => s.values)));
  const x = (i) => left + ((width - left - right) * i) / Math.max(1, points - 1);
  const y = (v) => top + (height - top - bottom) * (1 - v / max);
  for (let i = 0; i <= 4; i++) {
    const value = (max * i) / 4;
    svg.append(svgEl('line', { class: 'grid', x1: left, x2: width - right, y1: y(value), y2: y(value) }));
    svg.append(svgEl('text', { class: 'axis', x: left - 6, y: y(value) + 4, 'text-anchor': 'end' }, label(value)));
  }
  svg.append(svgEl('text', { class: 'axis', x: left, y: height - 4 }, 'older'));
  svg.append(svgEl('text', { class: 'axis', x: width - right, y: height - 4, 'text-anchor': 'end' }, 'now'));
  for (const { cls, values } of series) {
    if (values.length === 0) continue;
    const offset = points - values.length;
    const coordinates = values.map((v, i) => `${x(offset + i).toFixed(1)},${y(v).toFixed(1)}`);
    if (values.length === 1) coordinates.push(`${(x(offset) + 2).toFixed(1)},${y(values[0]).toFixed(1)}`);
    svg.append(svgEl('polyline', { class: cls, points: coordinates.join(' ') }));
  }
}
