import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Checkout } from './checkout';

// The address names the route: ?route=<id>&from=Izmit&to=Ankara, and &server=<url> for another server.
const query = new URLSearchParams(location.search);
createRoot(document.getElementById('app')!).render(
  <StrictMode>
    <Checkout
      server={query.get('server') ?? 'http://localhost:3000'}
      route={query.get('route') ?? ''}
      from={query.get('from') ?? undefined}
      to={query.get('to') ?? undefined}
    />
  </StrictMode>,
);
