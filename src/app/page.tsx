export default function Home() {
  return <main>EVConduit</main>;
}
