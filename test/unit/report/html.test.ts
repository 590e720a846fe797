// The report's one escaping function and the template built on it: every interpolation escaped,
// only Html made by the template itself passes through.
import { describe, expect, it } from 'vitest';
import { escapeHtml, html, join, trusted } from '../../../main/report/html';

describe('report escaping', () => {
  it('escapes the five markup characters and replaces control characters HTML forbids', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
    expect(escapeHtml('a\u0000b\u0007c\td\ne\u001bf')).toBe('a\uFFFDb\uFFFDc\td\ne\uFFFDf');
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(42)).toBe('42');
  });

  it('escapes every interpolated value, in text and in attributes, and joins arrays', () => {
    const ua = '"><script>alert(1)</script>';
    expect(html`<td title="${ua}">${ua}</td>`.markup).toBe('<td title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</td>');
    expect(html`<ul>${['<b>', 'ok'].map((x) => html`<li>${x}</li>`)}</ul>`.markup).toBe('<ul><li>&lt;b&gt;</li><li>ok</li></ul>');
    expect(html`${null}${undefined}${false}${0}`.markup).toBe('0');
  });

  it('passes only Html through: nested templates and the report’s own constants', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p>${inner}</p>`.markup).toBe('<p><b>&lt;i&gt;</b></p>');
    expect(html`<style>${trusted('a > b {}')}</style>`.markup).toBe('<style>a > b {}</style>');
    // A string that looks like markup is never trusted by accident.
    expect(html`${'<b>x</b>'}`.markup).toBe('&lt;b&gt;x&lt;/b&gt;');
    expect(join([html`<i>1</i>`, html`<i>2</i>`], ', ').markup).toBe('<i>1</i>, <i>2</i>');
  });
});
