// Test hooks read from the page's query string, for the first Run after the page loads only (so
// the next Run shows that the app recovered): `loseDeviceAfterRuns=N` destroys the GPU device
// after N runs; `holdCompileMs=T` holds the compile for T ms, standing in for a long compile.
let taken = false;

export interface RunHooks {
  loseDeviceAfterRuns?: number;
  holdCompileMs?: number;
}

export function takeRunHooks(): RunHooks {
  if (taken) return {};
  taken = true;
  const query = new URLSearchParams(window.location.search);
  const hooks: RunHooks = {};
  for (const name of ['loseDeviceAfterRuns', 'holdCompileMs'] as const) {
    const raw = query.get(name);
    if (raw !== null && Number.isFinite(Number(raw))) hooks[name] = Number(raw);
  }
  return hooks;
}
