import { describe, expect, it } from 'vitest';
import { absoluteUrl, attachmentIdOfClass, isUploadUrl, mediaLookupKeys } from './media-urls.js';

describe('isUploadUrl', () => {
  it('knows wp-content/uploads on any host, multisite blogs.dir and WordPress.com files', () => {
    expect(isUploadUrl('https://old.example/wp-content/uploads/2019/03/photo.jpg')).toBe(true);
    expect(isUploadUrl('/wp-content/uploads/2019/03/photo.jpg')).toBe(true);
    expect(isUploadUrl('//cdn.example/site/wp-content/uploads/a.png')).toBe(true);
    expect(isUploadUrl('https://old.example/wp-content/blogs.dir/2/files/a.png')).toBe(true);
    expect(isUploadUrl('https://wpthemetestdata.files.wordpress.com/2008/06/a.jpg?w=300')).toBe(true);
    expect(isUploadUrl('https://old.example/2019/03/a-post/')).toBe(false);
    expect(isUploadUrl('https://files.wordpress.com.evil.example/a.jpg')).toBe(false);
  });
});

describe('mediaLookupKeys', () => {
  it('tries the URL, then without its query, then without the size suffix, then as the -scaled original', () => {
    expect(mediaLookupKeys('https://o.example/wp-content/uploads/2019/03/photo-300x200.jpg?resize=1')).toEqual([
      'https://o.example/wp-content/uploads/2019/03/photo-300x200.jpg?resize=1',
      'https://o.example/wp-content/uploads/2019/03/photo-300x200.jpg',
      'https://o.example/wp-content/uploads/2019/03/photo.jpg',
      'https://o.example/wp-content/uploads/2019/03/photo-scaled.jpg',
    ]);
  });

  it('asks once for an original', () => {
    expect(mediaLookupKeys('https://o.example/wp-content/uploads/photo.jpg')).toEqual(['https://o.example/wp-content/uploads/photo.jpg']);
  });

  it('strips only a final -WxH before the extension', () => {
    expect(mediaLookupKeys('/wp-content/uploads/1024x768-wallpaper-e1591234567890-150x150.png').slice(1)).toEqual([
      '/wp-content/uploads/1024x768-wallpaper-e1591234567890.png',
      '/wp-content/uploads/1024x768-wallpaper-e1591234567890-scaled.png',
    ]);
  });
});

describe('absoluteUrl and attachment ids', () => {
  it('makes protocol-relative URLs https and root-relative ones absolute against the old site', () => {
    expect(absoluteUrl('//o.example/a.jpg', undefined)).toBe('https://o.example/a.jpg');
    expect(absoluteUrl('/wp-content/uploads/a.jpg', 'https://o.example/blog/')).toBe('https://o.example/wp-content/uploads/a.jpg');
    expect(absoluteUrl('/wp-content/uploads/a.jpg', undefined)).toBe('/wp-content/uploads/a.jpg');
  });

  it('reads wp-image-N', () => {
    expect(attachmentIdOfClass('alignnone size-full wp-image-612')).toBe(612);
    expect(attachmentIdOfClass('wp-image-x')).toBeNull();
    expect(attachmentIdOfClass(null)).toBeNull();
  });
});
