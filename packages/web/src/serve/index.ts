// @kuduso/web, node side: where the built page is and whether it is current. The page itself is src/app.
export {
  BUILD_COMMAND,
  type BuildStamp,
  distDir,
  readStamp,
  sourceHash,
  type WebBuildState,
  webBuildState,
} from './build-state.ts';
