// The full quiz page (web/quiz.html): the quiz mode with the page's hash and iframe protocol.
import * as quiz from '../modes/quiz.js';
import { startModePage } from './host.js';

startModePage(quiz, { mode: 'quiz', title: 'Convolution Playground: quiz' });
