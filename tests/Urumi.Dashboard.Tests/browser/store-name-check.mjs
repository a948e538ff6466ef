// Reads {"names": [[code units...], ...]} on stdin and prints, for each name, the dashboard's
// validation message (as code units, so lone surrogates survive) plus the page's engines with their plans.
import { pathToFileURL } from 'node:url';
import { readFileSync } from 'node:fs';

const moduleUrl = pathToFileURL(process.argv[2]).href;
const { validateStoreName, ENGINES } = await import(moduleUrl);
const input = JSON.parse(readFileSync(0, 'utf8'));
const units = (text) => (text === null ? null : Array.from({ length: text.length }, (_, i) => text.charCodeAt(i)));
const results = input.names.map((codes) => units(validateStoreName(codes === null ? null : String.fromCharCode(...codes))));
process.stdout.write(JSON.stringify({ results, engines: ENGINES }));
