// The buyers' tracking page: /track (a search box) and /track/{number} (status, ETA, route map,
// timeline). All text from partners and the server is rendered by React as text, never as HTML.
import {
  type FormEvent,
  Fragment,
  type ReactElement,
  type ReactNode,
  useEffect,
  useMemo,
  useState,
} from 'react';
import {
  eventLocalTime,
  formatDate,
  formatDateTime,
  formatPercent,
  sameCalendarDay,
} from './format.ts';
import {
  chooseLanguage,
  LANGUAGES,
  languageName,
  type Language,
  LOCALE_TAG,
  type Translator,
  translator,
} from './i18n.ts';
import { currentStop, routeStops } from './map-geometry.ts';
import { placeText, RouteMap } from './RouteMap.tsx';
import { fetchTracking, type Tracking, type TrackingResult } from './tracking-api.ts';
import { world } from './world.ts';

export interface PageLocation {
  readonly pathname: string;
  readonly search: string;
}

/** The tracking number in /track/{number}, or null on the search page. */
export function numberFromPath(pathname: string): string | null {
  const m = /^\/track\/(.+?)\/?$/.exec(pathname);
  if (!m) return null;
  let number: string;
  try {
    number = decodeURIComponent(m[1]!);
  } catch {
    number = m[1]!;
  }
  number = number.trim();
  return number === '' ? null : number;
}

export function App({
  location,
  browserLanguages,
}: {
  readonly location: PageLocation;
  readonly browserLanguages: readonly string[];
}): ReactElement {
  const query = new URLSearchParams(location.search);
  const explicitLang = query.get('lang');
  const lang = chooseLanguage(explicitLang, browserLanguages);
  const tr = useMemo(() => translator(lang), [lang]);
  const number = numberFromPath(location.pathname);
  // Keep ?lang= on the links the page makes only when the reader chose it.
  const langQuery =
    explicitLang && explicitLang.toLowerCase().startsWith(lang) ? `?lang=${lang}` : '';

  useEffect(() => {
    document.documentElement.lang = tr.locale;
    document.title = `${number ? tr.t('pageTitle', { number }) : tr.t('searchTitle')} — ${tr.t('siteName')}`;
  }, [tr, number]);

  return (
    <>
      <header className="site-header">
        <p className="site-name">
          <a href={`/track${langQuery}`}>{tr.t('siteName')}</a>
        </p>
        <LanguageSwitcher lang={lang} tr={tr} />
      </header>
      <main id="main">
        {number ? (
          <TrackingPage key={number} number={number} tr={tr} langQuery={langQuery} />
        ) : (
          <SearchPage tr={tr} langQuery={langQuery} />
        )}
      </main>
    </>
  );
}

function LanguageSwitcher({ lang, tr }: { lang: Language; tr: Translator }): ReactElement {
  return (
    <nav className="languages" aria-label={tr.t('languageLabel')}>
      <ul>
        {LANGUAGES.map((l) => (
          <li key={l}>
            <a
              href={`?lang=${l}`}
              lang={LOCALE_TAG[l]}
              hrefLang={LOCALE_TAG[l]}
              aria-current={l === lang ? 'true' : undefined}
            >
              {languageName(l)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function SearchForm({
  tr,
  langQuery,
  initial = '',
  heading,
}: {
  tr: Translator;
  langQuery: string;
  initial?: string;
  heading?: string;
}): ReactElement {
  const [value, setValue] = useState(initial);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const n = value.trim();
    if (n === '') return;
    window.location.assign(`/track/${encodeURIComponent(n)}${langQuery}`);
  };
  // Without the script the form still works: GET /track?number=… redirects to /track/{number}.
  return (
    <form className="search" role="search" action="/track" method="get" onSubmit={submit}>
      {heading ? <h2>{heading}</h2> : null}
      <label htmlFor="tracking-number">{tr.t('searchLabel')}</label>
      <div className="search-row">
        <input
          id="tracking-number"
          name="number"
          type="text"
          required
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={100}
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
        {langQuery ? <input type="hidden" name="lang" value={langQuery.slice(6)} /> : null}
        <button type="submit">{tr.t('searchButton')}</button>
      </div>
    </form>
  );
}

function SearchPage({ tr, langQuery }: { tr: Translator; langQuery: string }): ReactElement {
  return (
    <>
      <h1>{tr.t('searchTitle')}</h1>
      <p className="intro">{tr.t('searchIntro')}</p>
      <SearchForm tr={tr} langQuery={langQuery} />
    </>
  );
}

type Loaded = { readonly state: 'loading' } | TrackingResult;

function TrackingPage({
  number,
  tr,
  langQuery,
}: {
  number: string;
  tr: Translator;
  langQuery: string;
}): ReactElement {
  const [result, setResult] = useState<Loaded>({ state: 'loading' } as const);
  useEffect(() => {
    const abort = new AbortController();
    fetchTracking(number, abort.signal).then(
      (r) => {
        if (!abort.signal.aborted) setResult(r);
      },
      () => {
        if (!abort.signal.aborted) setResult({ kind: 'error' });
      },
    );
    return () => abort.abort();
  }, [number]);

  if ('state' in result) {
    return (
      <>
        <h1>{tr.t('pageTitle', { number })}</h1>
        <p className="loading" role="status">
          {tr.t('loading', { number })}
        </p>
      </>
    );
  }
  if (result.kind === 'not-found' || result.kind === 'error') {
    const notFound = result.kind === 'not-found';
    return (
      <section className={notFound ? 'not-found' : 'error'} data-testid={result.kind}>
        <h1>{tr.t(notFound ? 'notFoundTitle' : 'errorTitle')}</h1>
        <p>{tr.t(notFound ? 'notFoundText' : 'errorText', { number })}</p>
        <SearchForm tr={tr} langQuery={langQuery} initial={number} />
      </section>
    );
  }
  return <TrackingView tracking={result.tracking} tr={tr} langQuery={langQuery} />;
}

function TrackingView({
  tracking,
  tr,
  langQuery,
}: {
  tracking: Tracking;
  tr: Translator;
  langQuery: string;
}): ReactElement {
  const route = useMemo(() => routeStops(tracking, (c) => world().countryAnchor(c)), [tracking]);
  const current = currentStop(tracking, route);
  const subStatus = tr.subStatusName(tracking.status, tracking.subStatus);
  return (
    <>
      <h1>{tr.t('pageTitle', { number: tracking.trackingNumber })}</h1>

      <section className="status" aria-labelledby="status-heading">
        <h2 id="status-heading">{tr.t('statusHeading')}</h2>
        <p className="status-name" data-status={tracking.status} data-testid="status">
          {tr.statusName(tracking.status)}
        </p>
        {subStatus ? (
          <p className="status-detail" data-testid="sub-status">
            {subStatus}
          </p>
        ) : null}
        {tracking.since ? (
          <p className="status-since">
            {tr.t('since', { time: formatDateTime(tracking.since, tr.locale) })}
          </p>
        ) : null}
      </section>

      <section className="eta" aria-labelledby="eta-heading" data-testid="eta">
        <h2 id="eta-heading">{tr.t('etaHeading')}</h2>
        <EtaText tracking={tracking} tr={tr} />
      </section>

      {route.stops.length > 0 ? (
        <section className="route" aria-labelledby="route-heading">
          <h2 id="route-heading">{tr.t('routeHeading')}</h2>
          <p className="intro">{tr.t('routeIntro')}</p>
          <figure>
            <RouteMap
              route={route}
              current={current}
              destinationCountry={tracking.destination.country}
              tr={tr}
            />
            <figcaption>
              <ol className="route-stops" data-testid="route-stops">
                {route.stops.map((s, i) => {
                  const last = i === route.stops.length - 1;
                  const text = placeText(s.place, tr);
                  return (
                    <li key={i} className={i === current ? 'stop-current' : undefined}>
                      {last && !s.place.name ? (
                        tr.t('destination', { place: text })
                      ) : s.place.name ? (
                        <>
                          <span className="stop-name">{s.place.name}</span>
                          <span className="stop-place"> · {text}</span>
                        </>
                      ) : (
                        text
                      )}
                      {i === current ? (
                        <strong className="now-here">
                          {' — '}
                          {/* At the buyer's end but not delivered: in the city, not at the door. */}
                          {tr.t(
                            last && !s.place.name && tracking.status !== 'delivered'
                              ? 'nowInCity'
                              : 'nowHere',
                          )}
                        </strong>
                      ) : null}
                    </li>
                  );
                })}
              </ol>
            </figcaption>
          </figure>
        </section>
      ) : null}

      <section className="timeline" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{tr.t('timelineHeading')}</h2>
        {tracking.timeline.length > 0 ? (
          <>
            <p className="intro">{tr.t('timelineIntro')}</p>
            <ol className="events" data-testid="timeline">
              {[...tracking.timeline].reverse().map((e, i) => {
                const time = eventLocalTime(e.localTime, e.at, tr.locale);
                const sub = tr.subStatusName(e.status, e.subStatus);
                const place = placeText(
                  { name: null, city: e.city, country: e.country, coordinates: null },
                  tr,
                );
                return (
                  <li key={i} className="event" data-status={e.status}>
                    <p className="event-status">
                      <strong>{tr.statusName(e.status)}</strong>
                      {sub && sub !== tr.statusName(e.status) ? <span> — {sub}</span> : null}
                    </p>
                    <p className="event-meta">
                      <time dateTime={time.dateTime}>{time.text}</time>{' '}
                      <span className="event-offset">
                        ({tr.t('timeZone', { offset: time.offset })})
                      </span>
                      {e.city || e.country ? (
                        <>
                          {' · '}
                          <span className="event-place">{place}</span>
                        </>
                      ) : null}
                    </p>
                    {e.description ? <p className="event-description">{e.description}</p> : null}
                  </li>
                );
              })}
            </ol>
          </>
        ) : (
          <p>{tr.t('noEvents')}</p>
        )}
      </section>

      <SearchForm tr={tr} langQuery={langQuery} heading={tr.t('searchAgain')} />

      {tracking.asOf ? (
        <p className="updated">
          {tr.t('updated', { time: formatDateTime(tracking.asOf, tr.locale) })}
        </p>
      ) : null}
    </>
  );
}

/** A message whose placeholders are elements (a <time> for each date), not text. */
function Message({
  template,
  vars,
}: {
  template: string;
  vars: Readonly<Record<string, ReactNode>>;
}): ReactElement {
  return (
    <>
      {template.split(/(\{\w+\})/).map((part, i) => {
        const name = /^\{(\w+)\}$/.exec(part)?.[1];
        return (
          <Fragment key={i}>{name !== undefined && name in vars ? vars[name] : part}</Fragment>
        );
      })}
    </>
  );
}

function DateText({ iso, tr }: { iso: string; tr: Translator }): ReactElement {
  return <time dateTime={iso}>{formatDate(iso, tr.locale)}</time>;
}

function EtaText({ tracking, tr }: { tracking: Tracking; tr: Translator }): ReactElement {
  const eta = tracking.eta;
  const ui = tr.messages.ui;
  if (eta.kind === 'delivered') {
    return (
      <p className="eta-range" data-testid="eta-range">
        <Message template={ui.deliveredOn} vars={{ date: <DateText iso={eta.at} tr={tr} /> }} />
      </p>
    );
  }
  if (eta.kind === 'none') return <p className="eta-range">{tr.t('noEta')}</p>;
  return (
    <>
      <p className="eta-range" data-testid="eta-range">
        {sameCalendarDay(eta.earliest, eta.latest, tr.locale) ? (
          <DateText iso={eta.earliest} tr={tr} />
        ) : (
          <Message
            template={ui.etaRange}
            vars={{
              from: <DateText iso={eta.earliest} tr={tr} />,
              to: <DateText iso={eta.latest} tr={tr} />,
            }}
          />
        )}
      </p>
      {eta.likely ? (
        <p className="eta-likely">
          <Message template={ui.etaLikely} vars={{ date: <DateText iso={eta.likely} tr={tr} /> }} />
        </p>
      ) : null}
      {eta.promisedBy && eta.onTimeProbability !== null ? (
        <p className="eta-on-time" data-testid="on-time">
          <Message
            template={ui.onTime}
            vars={{
              percent: (
                <data value={eta.onTimeProbability}>
                  {formatPercent(eta.onTimeProbability, tr.locale)}
                </data>
              ),
              date: <DateText iso={eta.promisedBy} tr={tr} />,
            }}
          />
        </p>
      ) : null}
    </>
  );
}
