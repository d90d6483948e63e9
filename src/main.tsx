import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { StoreProvider } from './ui/store/StoreContext';
import { createAppStore } from './ui/store/appStore';
import { dataFromSearch } from './ui/url/urlState';
import './ui/app.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
// the link decides the first state, before the first paint: no flash of the default scenario
const { messages, ...data } = dataFromSearch(location.search);
const store = createAppStore(data);
if (messages.length) store.getState().addMessages(messages);
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
