// The optional small map (docs/design-decisions.md, "A small map, only when the council chooses
// one"). The page is complete without this script: the list of results and every venue's address
// are in the HTML. The page links the script only when the council configured a tile server, and
// the map's box stays hidden until the map is drawn, so a failed script leaves nothing half-done.
(function () {
  'use strict';

  var box = document.querySelector('[data-lo-map]');
  if (!box || !window.L) return;

  var points;
  try {
    points = JSON.parse(box.getAttribute('data-points') || '[]');
  } catch (e) {
    return;
  }
  points = points.filter(function (p) {
    return typeof p.lat === 'number' && typeof p.lon === 'number';
  });
  if (!points.length) return;

  // Leaflet takes the credit as HTML; the council's setting is plain text.
  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  // The marker's popup: the service's name as a link to its page (our own paths only), or the
  // venue's name. Built as elements, never as HTML, so a name cannot add markup.
  function popup(point) {
    var content;
    if (point.href && point.href.charAt(0) === '/' && point.href.charAt(1) !== '/') {
      content = document.createElement('a');
      content.className = 'govuk-link';
      content.href = point.href;
    } else {
      content = document.createElement('span');
    }
    content.textContent = point.name;
    return content;
  }

  box.hidden = false;
  var canvas = box.querySelector('.lo-map__canvas');
  var map = L.map(canvas, {
    // The page scrolls as usual: the wheel and, on a phone, one finger move the page, not the map.
    scrollWheelZoom: false,
    dragging: !L.Browser.mobile,
    tap: false
  });
  L.tileLayer(box.getAttribute('data-tiles'), {
    attribution: escapeHtml(box.getAttribute('data-attribution') || ''),
    maxZoom: 18
  }).addTo(map);

  var corners = [];
  points.forEach(function (point) {
    L.marker([point.lat, point.lon], { alt: point.name, title: point.name, keyboard: true })
      .bindPopup(popup(point))
      .addTo(map);
    corners.push([point.lat, point.lon]);
  });
  if (corners.length === 1) map.setView(corners[0], 15);
  else map.fitBounds(corners, { padding: [24, 24], maxZoom: 15 });
})();
