/**
 * The cache of documents the citizen asked to keep on this phone; sign-out and a lapsed session
 * delete it. A module of its own so the pages that wipe it load nothing else of the locker.
 */
export const keptDocumentsCacheName = 'guichet-kept-documents';
