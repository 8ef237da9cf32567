/**
 * A React 19 single-page app that mounts `<cnx-player>` on its watch route
 * and unmounts it on the others, in StrictMode, which mounts every
 * component twice in development to expose missing cleanup.
 */
import { StrictMode, useState, type MouseEvent, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
// Resolved to the built package entry by vite.demo.config.ts, as an npm install would.
import '@cloudnextra/player';
import type {} from '../../src/react/index.ts';
import { navigate, usePath } from './router.ts';

const BASE = '/demo/spa';

function meta(name: string): string {
  return document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? '';
}

const config = {
  apiBase: meta('cnx-api-base'),
  embedKey: meta('cnx-embed-key'),
  mediaId: meta('cnx-media-id'),
};

function Link({ to, children }: { to: string; children: ReactNode }) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    navigate(`${BASE}${to}`);
  };
  return (
    <a href={`${BASE}${to}`} onClick={onClick}>
      {children}
    </a>
  );
}

function Home() {
  return (
    <>
      <h1>Titles</h1>
      <p>
        <Link to={`/watch/${config.mediaId}`}>Watch the demo title</Link>
      </p>
    </>
  );
}

function Watch({ mediaId }: { mediaId: string }) {
  const [events, setEvents] = useState<string[]>([]);
  const log = (line: string) => setEvents((lines) => [...lines.slice(-9), line]);
  return (
    <>
      <h1>Watch</h1>
      <cnx-player
        media-id={mediaId}
        api-key={config.embedKey}
        api-base={config.apiBase}
        oncnx-ready={(event) => log(`cnx-ready: ${event.detail.duration.toFixed(1)} s`)}
        oncnx-error={(event) => log(`cnx-error: ${event.detail.code}`)}
        onplay={() => log('play')}
        onpause={() => log('pause')}
      ></cnx-player>
      <ol className="events" aria-label="Player events">
        {events.map((line, index) => (
          <li key={index}>{line}</li>
        ))}
      </ol>
    </>
  );
}

function About() {
  return (
    <>
      <h1>About</h1>
      <p>Going to this page unmounts the player, which stops its downloads and timers.</p>
    </>
  );
}

function App() {
  const path = usePath().slice(BASE.length) || '/';
  const watch = /^\/watch\/([A-Za-z0-9]+)$/.exec(path);
  let page: ReactNode = <Home />;
  if (watch) page = <Watch key={watch[1]} mediaId={watch[1]!} />;
  else if (path === '/about') page = <About />;
  return (
    <>
      <nav>
        <Link to="/">Home</Link>
        <Link to={`/watch/${config.mediaId}`}>Watch</Link>
        <Link to="/about">About</Link>
      </nav>
      <main>{page}</main>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
