import { ReadAloudPage } from './read-aloud.tsx';

/** The page's "Listen" controls as a part loaded after the page (see `AfterLoad`). */
export default function ReadAloudMain() {
  return <ReadAloudPage containerId="main" />;
}
