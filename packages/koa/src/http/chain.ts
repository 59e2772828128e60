import type { Middleware, Next, ParameterizedContext } from 'koa';

/** Runs middleware in order as one (what koa-compose does; kept here to avoid an undeclared dependency). */
export function chain(middleware: readonly Middleware[]): Middleware {
  return (ctx: ParameterizedContext, next: Next) => {
    const step = (index: number): Promise<unknown> => {
      const current = middleware[index];
      if (!current) return next();
      return Promise.resolve(current(ctx, () => step(index + 1)));
    };
    return step(0);
  };
}
