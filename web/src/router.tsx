import { createContext, useContext, useEffect, useState, type MouseEvent, type ReactNode } from 'react';
import type { Lang } from './i18n/i18n';

/** The console's address prefix for each language (the server serves both). */
export const PREFIX: Record<Lang, string> = { en: '/console', cy: '/consol' };

/** Where the browser is: the language of the prefix, the page path after it and the query. */
export interface Location {
  lang: Lang;
  path: string;
  query: URLSearchParams;
}

/** Reads the browser's address. */
export function currentLocation(): Location {
  const { pathname, search } = window.location;
  const lang: Lang = pathname === PREFIX.cy || pathname.startsWith(`${PREFIX.cy}/`) ? 'cy' : 'en';
  const rest = pathname.slice(PREFIX[lang].length).replace(/^\/+|\/+$/g, '');
  return { lang, path: rest, query: new URLSearchParams(search) };
}

/** The address of a page in a language, with an optional query. */
export function hrefOf(lang: Lang, path: string, query?: Record<string, string | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== null && v !== undefined && v !== '') params.set(k, v);
  const qs = params.toString();
  return `${PREFIX[lang]}${path ? `/${path}` : ''}${qs ? `?${qs}` : ''}`;
}

interface Router {
  location: Location;
  navigate(href: string, options?: { replace?: boolean }): void;
}

const RouterContext = createContext<Router | null>(null);

/** Keeps the location in state and follows the history. */
export function RouterProvider({ children }: { children: ReactNode }) {
  const [location, setLocation] = useState(currentLocation);
  useEffect(() => {
    const onPop = () => setLocation(currentLocation());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = (href: string, options: { replace?: boolean } = {}) => {
    if (options.replace) window.history.replaceState(null, '', href);
    else window.history.pushState(null, '', href);
    setLocation(currentLocation());
    if (!options.replace) window.scrollTo(0, 0);
  };
  return <RouterContext.Provider value={{ location, navigate }}>{children}</RouterContext.Provider>;
}

/** The router of the page. */
export function useRouter(): Router {
  const router = useContext(RouterContext);
  if (!router) throw new Error('useRouter outside RouterProvider');
  return router;
}

/** A link within the console: a real href (it works opened in a new tab), followed without a reload. */
export function Link({ href, children, className, ...rest }: { href: string; children: ReactNode; className?: string; lang?: string; hrefLang?: string; 'aria-current'?: 'page' | 'true'; onFollow?: () => void }) {
  const { navigate } = useRouter();
  const { onFollow, ...attrs } = rest;
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    onFollow?.();
    navigate(href);
  };
  return (
    <a href={href} className={className ?? 'govuk-link'} onClick={onClick} {...attrs}>
      {children}
    </a>
  );
}
