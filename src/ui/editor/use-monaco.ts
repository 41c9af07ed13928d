// Monaco loads lazily (it is the largest part of the app); every pane shares the one load.
import { useEffect, useState } from 'react';
import { describeError } from '../commands/describe-error.ts';

export type MonacoModule = typeof import('./monaco-setup.ts');

let loading: Promise<MonacoModule> | undefined;

export function useMonaco(): { monaco?: MonacoModule; failure?: string } {
  const [state, setState] = useState<{ monaco?: MonacoModule; failure?: string }>({});
  useEffect(() => {
    let live = true;
    loading ??= import('./monaco-setup.ts');
    loading.then(
      (monaco) => live && setState({ monaco }),
      (e: unknown) => live && setState({ failure: describeError(e, 'The text editor failed to load') }),
    );
    return () => {
      live = false;
    };
  }, []);
  return state;
}

export const EDITOR_OPTIONS = {
  readOnly: true,
  automaticLayout: true,
  minimap: { enabled: false },
  fontSize: 12,
  lineNumbersMinChars: 3,
  scrollBeyondLastLine: false,
  renderLineHighlight: 'none',
} as const;
