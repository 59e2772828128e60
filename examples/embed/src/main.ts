import { createEmbeddedServer } from './embedded-server';

const port = Number(process.env.PORT ?? 4000);
createEmbeddedServer().server.listen(port, () =>
  console.log(`embedded booking core on http://localhost:${port}`),
);
