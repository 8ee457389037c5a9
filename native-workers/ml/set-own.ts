/**
 * Sets `obj[key]` as an own, enumerable property. Plain assignment does not for a key that
 * data may hold: `__proto__` calls the prototype setter instead, so a field of that name
 * would vanish (or change the object's prototype).
 */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}
