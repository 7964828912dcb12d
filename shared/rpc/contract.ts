// Building blocks of a typed contract: each method pairs a runtime schema for its params
// (the core validates every request; the renderer is untrusted input) with a compile-time
// result type; each event carries a compile-time payload type.
import type { z } from 'zod';

export interface MethodSpec<P extends z.ZodType, R> {
  readonly params: P;
  /** Phantom: carries the result type, never set at run time. */
  readonly result?: R;
}

export interface EventSpec<D> {
  /** Phantom: carries the payload type, never set at run time. */
  readonly data?: D;
}

export function method<P extends z.ZodType>(params: P): { returns<R>(): MethodSpec<P, R> } {
  return { returns: () => ({ params }) };
}

export function event<D>(): EventSpec<D> {
  return {};
}

export interface Contract {
  // biome-ignore lint/suspicious/noExplicitAny: any method spec, whatever its result type
  readonly methods: Record<string, MethodSpec<z.ZodType, any>>;
  readonly events: Record<string, EventSpec<unknown>>;
}

export type MethodName<C extends Contract> = keyof C['methods'] & string;
export type EventName<C extends Contract> = keyof C['events'] & string;

/** What a caller passes (schema input: defaults may be omitted). */
export type ParamsIn<C extends Contract, M extends MethodName<C>> = z.input<C['methods'][M]['params']>;
/** What a handler receives (schema output: defaults applied, validated). */
export type ParamsOut<C extends Contract, M extends MethodName<C>> = z.output<C['methods'][M]['params']>;
export type ResultOf<C extends Contract, M extends MethodName<C>> =
  // biome-ignore lint/suspicious/noExplicitAny: only the result type is inferred here
  C['methods'][M] extends MethodSpec<any, infer R> ? R : never;
export type EventData<C extends Contract, E extends EventName<C>> =
  C['events'][E] extends EventSpec<infer D> ? D : never;
