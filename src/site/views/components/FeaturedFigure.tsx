import type { FeaturedImage } from '../../../news/articles/article.types.js';

export function FeaturedFigure(props: { image: FeaturedImage }) {
  const { image } = props;
  return (
    <figure class="lead-figure">
      <img
        src={image.url}
        srcset={image.srcset}
        sizes={image.srcset ? '(min-width: 48em) 46rem, 100vw' : undefined}
        alt={image.alt}
        width={image.width ?? undefined}
        height={image.height ?? undefined}
        fetchpriority="high"
      />
      {image.caption || image.credit ? (
        <figcaption>
          {image.caption}
          {image.credit ? <span class="credit"> {image.credit}</span> : null}
        </figcaption>
      ) : null}
    </figure>
  );
}
