// Electron's entry point (package.json "main" points at its build output).
import { runDesktopApp } from './desktop-app.ts';

runDesktopApp();
