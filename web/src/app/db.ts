/** The phone's IndexedDB database: the queue of recorded operations (and what else must survive a restart). */

const NAME = "pension-agent";
const VERSION = 1;
export const OPERATIONS = "operations";

let opening: Promise<IDBDatabase> | null = null;

export function database(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(NAME, VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(OPERATIONS)) db.createObjectStore(OPERATIONS, { keyPath: "operation_id" });
    };
    request.onsuccess = () => {
      const db = request.result;
      // Another tab upgrading the database: let it, and open again on next use.
      db.onversionchange = () => {
        db.close();
        opening = null;
      };
      resolve(db);
    };
    request.onerror = () => {
      opening = null;
      reject(request.error);
    };
  });
  return opening;
}

function done(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error ?? new Error("transaction aborted"));
  });
}

export async function all<T>(store: string): Promise<T[]> {
  const db = await database();
  const transaction = db.transaction(store, "readonly");
  const request = transaction.objectStore(store).getAll();
  await done(transaction);
  return request.result as T[];
}

export async function one<T>(store: string, key: string): Promise<T | undefined> {
  const db = await database();
  const transaction = db.transaction(store, "readonly");
  const request = transaction.objectStore(store).get(key);
  await done(transaction);
  return request.result as T | undefined;
}

/** Writes every value in one transaction: all of them are kept, or none. */
export async function putAll<T>(store: string, values: T[]): Promise<void> {
  if (values.length === 0) return;
  const db = await database();
  const transaction = db.transaction(store, "readwrite");
  const objects = transaction.objectStore(store);
  for (const value of values) objects.put(value);
  await done(transaction);
}

/** Closes the connection (tests open a fresh database between cases). */
export async function closeDatabase(): Promise<void> {
  if (!opening) return;
  const db = await opening;
  db.close();
  opening = null;
}
