// The result's glTF (.glb) in three.js: orbit controls, the camera fitted to the model's bounds.
import { useEffect, useRef, useState } from 'react';
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';

export default function GltfView({ url }: { url: string }) {
  const host = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | string>('loading');
  useEffect(() => {
    const el = host.current!;
    const width = el.clientWidth || 600;
    const height = 360;
    let renderer: THREE.WebGLRenderer;
    try {
      renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
    } catch (e) {
      setState(`3D view unavailable: WebGL could not start (${(e as Error).message}).`);
      return;
    }
    renderer.setPixelRatio(Math.min(devicePixelRatio, 2));
    renderer.setSize(width, height);
    el.appendChild(renderer.domElement);
    renderer.domElement.setAttribute('aria-label', '3D model: drag to orbit, scroll to zoom');
    const scene = new THREE.Scene();
    scene.background = new THREE.Color('#f3f4f6');
    scene.add(new THREE.HemisphereLight(0xffffff, 0x888888, 2.2));
    const sun = new THREE.DirectionalLight(0xffffff, 1.5);
    sun.position.set(1, 2, 1.5);
    scene.add(sun);
    const camera = new THREE.PerspectiveCamera(45, width / height, 0.1, 1e7);
    const controls = new OrbitControls(camera, renderer.domElement);
    controls.enableDamping = true;
    let frame = 0;
    const tick = () => {
      controls.update();
      renderer.render(scene, camera);
      frame = requestAnimationFrame(tick);
    };
    new GLTFLoader().load(
      url,
      (gltf) => {
        scene.add(gltf.scene);
        const box = new THREE.Box3().setFromObject(gltf.scene);
        const size = box.getSize(new THREE.Vector3()).length() || 1;
        const center = box.getCenter(new THREE.Vector3());
        controls.target.copy(center);
        camera.position.copy(center).add(new THREE.Vector3(size * 0.6, size * 0.7, size * 0.8));
        camera.near = size / 1000;
        camera.far = size * 100;
        camera.updateProjectionMatrix();
        setState('ready');
        tick();
      },
      undefined,
      (e) => setState(`The 3D model could not be loaded: ${(e as Error).message ?? e}`),
    );
    return () => {
      cancelAnimationFrame(frame);
      controls.dispose();
      renderer.dispose();
      renderer.domElement.remove();
    };
  }, [url]);
  return (
    <div className="gltf">
      <div ref={host} className="gltf-canvas" data-state={state === 'ready' ? 'ready' : 'loading'} />
      {state !== 'ready' && (
        <p className={state === 'loading' ? 'loading' : 'field-error'}>
          {state === 'loading' ? 'Loading the 3D model…' : state}
        </p>
      )}
    </div>
  );
}
