// The official Qlik client (@qlik/api) walking every data connection of a tenant, as a user of
// the library would: `getDataConnections({ limit: 100 })`, then the response's own `next()`
// until there is none. benches/scale.rs runs it against `qdc demo-server` beside qdc and the
// floor; it prints one line of JSON: {"ms": …, "pages": …, "connections": …, "rss_mb": …} (the
// process's peak resident memory: the library keeps every page it fetched in its GET cache).
//
//   node benches/qlik-api/walk.mjs http://127.0.0.1:PORT API_KEY
//
// The timing runs from the list call to the last page. One request before it (limit=1, not
// cached) loads the library's lazily imported modules, resolves the API-key auth module and opens
// the keep-alive connection: qdc's walk too starts in a process that has already talked to the
// tenant (its Sources pane), so neither side's figure includes its own start-up.
import { auth, dataConnections } from "@qlik/api";

const [host, apiKey] = process.argv.slice(2);
if (!host || !apiKey) {
  console.error("usage: node walk.mjs HOST API_KEY");
  process.exit(2);
}
// an http:// host is taken as it is (the library adds https:// only when the scheme is missing)
auth.setDefaultHostConfig({ authType: "apikey", host, apiKey });

await dataConnections.getDataConnections({ limit: 1 }, { noCache: true });

const started = performance.now();
let page = await dataConnections.getDataConnections({ limit: 100 });
let pages = 1;
let connections = page.data.data.length;
while (page.next) {
  page = await page.next();
  pages += 1;
  connections += page.data.data.length;
}
const ms = performance.now() - started;
const rss_mb = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ ms, pages, connections, rss_mb }));
