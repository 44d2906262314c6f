// The UI tests read the frames a user sees at a terminal, also when the tests run in CI.
import { allowLiveRendering } from '../src/live-rendering.js';

allowLiveRendering();
