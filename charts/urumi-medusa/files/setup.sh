#!/bin/sh
# Setup of one Medusa store, run by the chart's setup Job in the Medusa server image. Idempotent:
# a retry or a re-run after an upgrade finds what exists and creates only what is missing. Every
# failure ends with "urumi-setup: FAILED at step <step>" so the Job's log says what broke.
# Secrets arrive as environment variables from the store's Secret, never as arguments.
set -eu

STEP=start
step() {
  STEP="$1"
  echo "urumi-setup: step $STEP"
}
trap 'rc=$?; if [ "$rc" -ne 0 ]; then echo "urumi-setup: FAILED at step $STEP (exit $rc); see the lines above" >&2; fi' EXIT

step wait-for-services
node -e '
const net = require("node:net");
const deadline = Date.now() + Number(process.env.URUMI_WAIT_SECONDS) * 1000;
const targets = [[process.env.URUMI_DATABASE_HOST, 5432], [process.env.URUMI_REDIS_HOST, 6379]];
const open = ([host, port]) => new Promise((ok) => {
  const s = net.connect({ host, port, timeout: 3000 }, () => { s.destroy(); ok(true); });
  s.on("error", () => ok(false)); s.on("timeout", () => { s.destroy(); ok(false); });
});
(async () => {
  for (const t of targets) {
    while (!(await open(t))) {
      if (Date.now() > deadline) { console.error(`${t[0]}:${t[1]} did not accept connections within ${process.env.URUMI_WAIT_SECONDS} s`); process.exit(1); }
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
})();
'

step migrations
npx --no-install medusa db:migrate

# Admin user, region, stock location, shipping option, publishable key and product; the script
# (image/src/scripts/urumi-setup.ts) prints its own step names and fails with the one that broke.
step seed
npx --no-install medusa exec ./src/scripts/urumi-setup.js

step done
echo "urumi-setup: the store is set up"
