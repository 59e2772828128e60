import { createApp, h } from 'vue';
import { Checkout } from './checkout';

// The address names the route: ?route=<id>&from=Izmit&to=Ankara, and &server=<url> for another server.
const query = new URLSearchParams(location.search);
createApp({
  render: () =>
    h(Checkout, {
      server: query.get('server') ?? 'http://localhost:3000',
      route: query.get('route') ?? '',
      from: query.get('from') ?? undefined,
      to: query.get('to') ?? undefined,
    }),
}).mount('#app');
