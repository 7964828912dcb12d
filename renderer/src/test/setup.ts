// Shared by every renderer spec. findBy*/waitFor give up after 1 s by default; on this 2-core
// machine with other suites running, an RPC round trip plus a React render has taken longer
// (a spec that waits for a real event then fails for no reason). Waiting longer changes nothing
// for a passing spec and still fails one whose event never comes.
import { configure } from '@testing-library/react';

configure({ asyncUtilTimeout: 5000 });
