// Prints the step names the dashboard has labels for (the keys of STEP_LABELS in dashboard/format.js), as JSON.
import { pathToFileURL } from 'node:url';

const { STEP_LABELS } = await import(pathToFileURL(process.argv[2]).href);
process.stdout.write(JSON.stringify(Object.keys(STEP_LABELS)));
