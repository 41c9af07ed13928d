// The one line about the last failed load; the open model stays usable underneath.
import { useKiln } from '../store/store.ts';

export function ErrorBanner() {
  const banner = useKiln((s) => s.banner);
  const dismiss = useKiln((s) => s.dismissBanner);
  if (!banner) return null;
  return (
    <div className="banner" role="alert" data-testid="error-banner">
      <span className="banner__text" data-testid="error-message">{banner}</span>
      <button type="button" className="banner__close" aria-label="Dismiss" onClick={dismiss}>
        ×
      </button>
    </div>
  );
}
