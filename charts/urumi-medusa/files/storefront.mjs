// The minimal Urumi storefront of a Medusa store: lists the Store API's products for the store's
// region. It needs no build and no secret: at start it asks the Medusa server (inside the
// namespace) for the publishable API key the setup Job created (GET /urumi/storefront-config, a
// route of the Urumi server image), and reports ready on /healthz once it has one.
import http from 'node:http';

const backend = process.env.MEDUSA_INTERNAL_URL;
const title = process.env.STORE_TITLE || 'Urumi Store';
const port = Number(process.env.PORT || 8000);
let config = null;

async function loadConfig() {
  while (!config) {
    try {
      const res = await fetch(`${backend}/urumi/storefront-config`);
      const body = res.ok ? await res.json() : null;
      if (body?.publishable_key) {
        config = body;
        console.log('storefront: publishable key loaded');
        return;
      }
      console.log(`storefront: waiting for the setup Job's publishable key (${res.status})`);
    } catch (err) {
      console.log(`storefront: waiting for Medusa at ${backend}: ${err.message}`);
    }
    await new Promise((r) => setTimeout(r, 3000));
  }
}

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function storeApi(path) {
  const res = await fetch(`${backend}${path}`, { headers: { 'x-publishable-api-key': config.publishable_key } });
  if (!res.ok) throw new Error(`${path} answered ${res.status}`);
  return res.json();
}

async function home() {
  const { regions } = await storeApi('/store/regions');
  const region = regions[0];
  const { products } = await storeApi(`/store/products?region_id=${encodeURIComponent(region?.id ?? '')}&fields=*variants.calculated_price`);
  const items = products.map((p) => {
    const price = p.variants?.[0]?.calculated_price;
    const amount = price ? `${price.calculated_amount} ${String(price.currency_code).toUpperCase()}` : '';
    return `<li class="product"><h2>${escape(p.title)}</h2><p>${escape(amount)}</p></li>`;
  }).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head>`
    + `<body class="medusa-storefront"><h1>${escape(title)}</h1><ul>${items}</ul>`
    + `<p>Powered by Medusa. Admin: <a href="/app">/app</a></p></body></html>`;
}

http.createServer(async (req, res) => {
  if (req.url === '/healthz') {
    res.writeHead(config ? 200 : 503, { 'content-type': 'text/plain' }).end(config ? 'ok' : 'waiting for the publishable key');
    return;
  }
  if (!config) {
    res.writeHead(503, { 'content-type': 'text/plain' }).end('The store is still being set up.');
    return;
  }
  try {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(await home());
  } catch (err) {
    res.writeHead(502, { 'content-type': 'text/plain' }).end(`The Medusa server did not answer: ${err.message}`);
  }
}).listen(port, () => console.log(`storefront: listening on ${port}`));

loadConfig();
