// Swagger UI for Nishan's API, started from a file of Nishan's own: no inline script, so the
// documentation runs under the same kind of Content-Security-Policy as every other page.
SwaggerUIBundle({
  url: document.body.dataset.openapi,
  dom_id: "#swagger-ui",
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  layout: "BaseLayout",
});
