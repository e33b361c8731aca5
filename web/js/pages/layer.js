// The full layer page (web/layer.html): the layer mode with the page's hash and iframe protocol.
import * as layer from '../modes/layer.js';
import { startModePage } from './host.js';

startModePage(layer, { mode: 'layer', title: 'Convolution Playground: a convolutional layer' });
