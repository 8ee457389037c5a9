/**
 * Sets `obj[key]` as an own, enumerable property. Plain assignment does not for a key that
 * data may hold: `__proto__` calls the prototype setter instead, so a field of that name
 * would vanish (or change the object's prototype). Every other key is assigned plainly: this
 * runs for every field of every streamed message, and defineProperty is several times slower.
 */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}
