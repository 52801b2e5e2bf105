import { hashedAsset } from './static-asset.js';

/*
 * The SPARQL page's progressive enhancement, run in the browser. Without it the form submits with
 * GET and the server renders the table (format=html); with it, a "table in this page" submit is sent
 * to the endpoint itself (POST, Accept: application/sparql-results+json), the table is drawn in the
 * results region (aria-live) and paged here, 50 rows a page, and a problem+json answer is shown in
 * words with the offending line of the query. IRIs that name records of this service link to their
 * landing pages, at the paths the server's table gives them (read from the records endpoint's page
 * for the IRIs, one small query per page); other IRIs link to themselves only when http(s) or mailto. A CONSTRUCT or DESCRIBE
 * query (no SPARQL JSON: 406) gets the server's own rendering of the region. Plain ES2017, built with
 * DOM methods only (no markup from strings), so no value can inject markup.
 */
const SOURCE = String.raw`(function () {
  'use strict';
  var form = document.querySelector('.query-form form');
  var region = document.getElementById('results');
  if (!form || !region || !window.fetch || !window.URLSearchParams) return;
  var pageSize = Number(region.getAttribute('data-page-size')) || 50;
  var recordsEndpoint = region.getAttribute('data-records') || '';
  var formats = JSON.parse(region.getAttribute('data-formats') || '[]');
  var XSD = 'http://www.w3.org/2001/XMLSchema#';
  var SAFE_IRI = /^[^\s<>"{}|\\^\u0060]+$/;
  var known = {};
  var state = null;

  function el(name, attributes, children) {
    var node = document.createElement(name);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    (children || []).forEach(function (child) { node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child); });
    return node;
  }
  function pagePath(query, format) {
    var params = new URLSearchParams();
    params.set('query', query);
    if (format) params.set('format', format);
    return window.location.pathname + '?' + params.toString();
  }
  function show(children) {
    while (region.firstChild) region.removeChild(region.firstChild);
    region.appendChild(el('h2', { id: 'results-title' }, ['Results']));
    children.forEach(function (child) { region.appendChild(child); });
    region.removeAttribute('aria-busy');
  }
  // Other IRIs link to themselves only with a scheme that cannot run script on this origin.
  var SAFE_LINK = /^(https?|mailto):[^\s\u0000-\u001f]*$/i;
  function hrefOf(iri) {
    if (known[iri]) return known[iri];
    return SAFE_LINK.test(iri) ? iri : undefined;
  }
  // The landing-page paths of record IRIs come from the server's own table (the records endpoint's
  // page rendering the IRIs, at most 50 a page), so both tables link a record alike.
  function checkRecords(iris) {
    var asked = iris.filter(function (iri, i) { return !(iri in known) && SAFE_IRI.test(iri) && iris.indexOf(iri) === i; });
    if (asked.length === 0 || !recordsEndpoint) return Promise.resolve();
    asked.forEach(function (iri) { known[iri] = false; });
    var chunks = [];
    for (var i = 0; i < asked.length; i += pageSize) chunks.push(asked.slice(i, i + pageSize));
    return Promise.all(chunks.map(function (chunk) {
      var params = new URLSearchParams();
      params.set('query', 'SELECT ?x WHERE { VALUES ?x { ' + chunk.map(function (iri) { return '<' + iri + '>'; }).join(' ') + ' } }');
      params.set('format', 'html');
      return fetch(recordsEndpoint + '?' + params.toString(), { headers: { Accept: 'text/html' } })
        .then(function (response) { return response.ok ? response.text() : ''; })
        .then(function (text) {
          var links = new DOMParser().parseFromString(text, 'text/html').querySelectorAll('#results td a');
          Array.prototype.forEach.call(links, function (a) {
            var href = a.getAttribute('href') || '';
            if (href.charAt(0) === '/' && href.charAt(1) !== '/' && chunk.indexOf(a.textContent) >= 0) known[a.textContent] = href;
          });
        })
        .catch(function () { /* links then lead to the IRIs themselves */ });
    }));
  }
  function cell(term) {
    if (!term) return el('td');
    if (term.type === 'uri') {
      var href = hrefOf(term.value);
      return el('td', {}, [href === undefined ? el('span', {}, [term.value]) : el('a', { href: href }, [term.value])]);
    }
    if (term.type === 'bnode') return el('td', {}, ['_:' + term.value]);
    var children = [term.value];
    if (term['xml:lang']) children.push(el('span', { class: 'dt' }, ['@' + term['xml:lang']]));
    else if (term.datatype && term.datatype !== XSD + 'string') children.push(el('span', { class: 'dt' }, [term.datatype.indexOf(XSD) === 0 ? 'xsd:' + term.datatype.slice(XSD.length) : term.datatype]));
    return el('td', {}, children);
  }
  function downloads(query) {
    var links = formats.map(function (format) {
      return el('a', { href: pagePath(query, format.name), download: 'results.' + format.name, type: format.mediaType }, [format.label]);
    });
    return el('p', { class: 'downloads' }, ['Download: '].concat(links));
  }
  function render(focus) {
    var json = state.json;
    if (typeof json.boolean === 'boolean') {
      show([el('p', {}, ['The answer is ' + (json.boolean ? 'yes (true).' : 'no (false).')]), downloads(state.query)]);
      return;
    }
    var vars = json.head.vars || [];
    var rows = json.results.bindings;
    var pages = Math.max(1, Math.ceil(rows.length / pageSize));
    var page = Math.min(state.page, pages);
    var slice = rows.slice((page - 1) * pageSize, page * pageSize);
    var iris = [];
    slice.forEach(function (row) { vars.forEach(function (name) { if (row[name] && row[name].type === 'uri') iris.push(row[name].value); }); });
    checkRecords(iris).then(function () {
      var first = rows.length === 0 ? 0 : (page - 1) * pageSize + 1;
      var last = (page - 1) * pageSize + slice.length;
      var table = el('table', {}, [
        el('caption', {}, ['Query results, rows ' + first + '–' + last + ' of ' + rows.length]),
        el('thead', {}, [el('tr', {}, vars.map(function (name) { return el('th', { scope: 'col' }, ['?' + name]); }))]),
        el('tbody', {}, slice.map(function (row) { return el('tr', {}, vars.map(function (name) { return cell(row[name]); })); })),
      ]);
      var children = [el('p', { class: 'summary' }, [rows.length + (rows.length === 1 ? ' result' : ' results') + (pages > 1 ? ' · page ' + page + ' of ' + pages : '')])];
      if (rows.length > 0) children.push(el('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': 'Results table' }, [table]));
      if (pages > 1) {
        var previous = el('button', { type: 'button', class: 'secondary' }, ['Previous page']);
        var next = el('button', { type: 'button', class: 'secondary' }, ['Next page']);
        previous.disabled = page === 1;
        next.disabled = page === pages;
        previous.addEventListener('click', function () { state.page = page - 1; render('previous'); });
        next.addEventListener('click', function () { state.page = page + 1; render('next'); });
        children.push(el('nav', { class: 'pager', 'aria-label': 'Result pages' }, [previous, next]));
      }
      children.push(downloads(state.query));
      show(children);
      if (focus) {
        var button = region.querySelector('nav.pager button:not([disabled])');
        if (button) button.focus();
      }
    });
  }
  function showProblem(problem, query) {
    var children = [el('p', {}, [(problem.title || 'The query failed') + (problem.status ? ' (' + problem.status + ')' : '') + ': ' + (problem.detail || '')])];
    if (typeof problem.line === 'number') {
      var line = query.split('\n')[problem.line - 1];
      children.push(el('p', {}, ['Line ' + problem.line + (typeof problem.column === 'number' ? ', column ' + problem.column : '') + ':']));
      children.push(el('pre', {}, [el('code', {}, [line === undefined ? '' : line])]));
    }
    show([el('div', { class: 'notice warn error' }, children)]);
  }
  function serverRendered(query) {
    return fetch(pagePath(query, 'html'), { headers: { Accept: 'text/html' } })
      .then(function (response) { return response.text(); })
      .then(function (text) {
        var fresh = new DOMParser().parseFromString(text, 'text/html').getElementById('results');
        show([]);
        while (region.firstChild) region.removeChild(region.firstChild);
        if (fresh) while (fresh.firstChild) region.appendChild(document.adoptNode(fresh.firstChild));
      });
  }
  function run(query) {
    region.setAttribute('aria-busy', 'true');
    history.replaceState(null, '', pagePath(query, 'html'));
    var body = new URLSearchParams();
    body.set('query', query);
    fetch(window.location.pathname, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/sparql-results+json' }, body: body })
      .then(function (response) {
        if (response.status === 406) return serverRendered(query);
        if (!response.ok) {
          return response.json().catch(function () { return { title: response.statusText, status: response.status }; })
            .then(function (problem) { showProblem(problem, query); });
        }
        return response.json().then(function (json) {
          state = { query: query, json: json, page: 1 };
          render(false);
        });
      })
      .catch(function (error) { showProblem({ title: 'The query could not be sent', detail: String(error && error.message || error) }, query); });
  }
  form.addEventListener('submit', function (event) {
    var format = form.elements.namedItem('format');
    if (format && format.value !== 'html') return;
    event.preventDefault();
    run(form.elements.namedItem('query').value);
  });
})();
`;

/** The SPARQL page's script, served by the asset router at `/assets/sparql-page-{hash}.js`. */
export const SPARQL_PAGE_SCRIPT = hashedAsset('sparql-page', 'js', 'text/javascript; charset=utf-8', SOURCE);
