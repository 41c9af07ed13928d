// The state every long-running area reports, mirrored into `data-status` for tests and styling.
export type Status = 'ready' | 'running' | 'done' | 'error';
