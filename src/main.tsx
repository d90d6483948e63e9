// the global styles first: each component's own file (imported by it) comes after them
import './ui/theme/tokens.css';
import './ui/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { StoreProvider } from './ui/store/StoreContext';
import { createAppStore } from './ui/store/appStore';
import { dataFromSearch } from './ui/url/urlState';
import { expectLink } from './ui/worker/useTraceLoading';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
// the link decides the first state, before the first paint: no flash of the default scenario;
// its step is fitted to the trace when the worker has simulated it
const { messages, link, ...data } = dataFromSearch(location.search);
const store = createAppStore(data);
expectLink(data.config, link);
if (messages.length) store.getState().addMessages(messages);
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
