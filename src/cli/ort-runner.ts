// The model runner the CLI hands to calibration and verification (see reference/ort-session-runner.ts).
export { ortSessionRunner as ortRunner, type SessionRunner as CliRunner } from '../reference/ort-session-runner.ts';
