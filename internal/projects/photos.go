package projects

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"image/png"
	"net/http"
	"strings"
	"unicode/utf8"

	"pacer/internal/domain"
)

// Site photos (形象进度): JPEG or PNG, at most MaxPhotoBytes, the type decided by the content
// (never the file name or the browser's word), decoded in full before it is kept (a file that
// only starts like an image is refused), and at most MaxPhotoPixels (a small file cannot
// expand into gigabytes). A thumbnail at most ThumbWidth wide is made on upload.
const (
	MaxPhotoBytes  = 10 << 20
	MaxPhotoPixels = 40_000_000
	ThumbWidth     = 320
)

// NewPhoto is an upload: the project, the month it shows, a caption and the file's bytes.
type NewPhoto struct {
	ProjectCode, Period, Caption string
	Data                         []byte
}

// AddPhoto checks and keeps a site photo with its thumbnail, audited, when user may edit the
// project; it returns the photo's id.
func (s *Service) AddPhoto(ctx context.Context, user domain.User, ip string, n NewPhoto) (int64, error) {
	if _, err := s.editable(ctx, user, n.ProjectCode); err != nil {
		return 0, err
	}
	p, err := parsePeriod(n.Period)
	if err != nil {
		return 0, err
	}
	n.Caption = strings.TrimSpace(n.Caption)
	if utf8.RuneCountInString(n.Caption) > 100 {
		return 0, domain.E(domain.EINVALID, "projects.photo.caption")
	}
	ph, err := CheckPhoto(n.Data)
	if err != nil {
		return 0, err
	}
	ph.ProjectCode, ph.Period, ph.Caption = n.ProjectCode, p.String(), n.Caption
	return s.store.AddPhoto(ctx, who(actorOf(user, ip)), ph)
}

// CheckPhoto checks data as a site photo and makes its thumbnail: the content type as the
// content says, and the thumbnail (JPEG).
func CheckPhoto(data []byte) (domain.Photo, error) {
	var ph domain.Photo
	if len(data) == 0 {
		return ph, domain.E(domain.EINVALID, "projects.photo.empty")
	}
	if len(data) > MaxPhotoBytes {
		return ph, domain.E(domain.EINVALID, "projects.photo.too_large", MaxPhotoBytes>>20)
	}
	ct := http.DetectContentType(data)
	var decode func([]byte) (image.Image, error)
	switch ct {
	case "image/jpeg":
		decode = func(b []byte) (image.Image, error) { return jpeg.Decode(bytes.NewReader(b)) }
	case "image/png":
		decode = func(b []byte) (image.Image, error) { return png.Decode(bytes.NewReader(b)) }
	default:
		return ph, domain.E(domain.EINVALID, "projects.photo.type", ct)
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return ph, domain.E(domain.EINVALID, "projects.photo.broken")
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > MaxPhotoPixels {
		return ph, domain.E(domain.EINVALID, "projects.photo.pixels", cfg.Width, cfg.Height)
	}
	img, err := decode(data)
	if err != nil {
		return ph, domain.E(domain.EINVALID, "projects.photo.broken")
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, Thumbnail(img, ThumbWidth), &jpeg.Options{Quality: 80}); err != nil {
		return ph, err
	}
	ph.ContentType, ph.Data, ph.Thumb, ph.Size = ct, data, buf.Bytes(), int64(len(data))
	return ph, nil
}

// Thumbnail scales img down to at most width pixels wide, keeping its proportions, by nearest
// neighbour; a narrower image keeps its size.
func Thumbnail(img image.Image, width int) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= width {
		width = w
	}
	height := max(1, h*width/w)
	out := image.NewRGBA(image.Rect(0, 0, width, height))
	for y := range height {
		sy := b.Min.Y + y*h/height
		for x := range width {
			out.Set(x, y, img.At(b.Min.X+x*w/width, sy))
		}
	}
	return out
}

// Photo returns a project's photo (its bytes and thumbnail) for a reader of the register.
func (s *Service) Photo(ctx context.Context, code string, id int64) (domain.Photo, error) {
	if _, err := s.project(ctx, code); err != nil {
		return domain.Photo{}, err
	}
	return s.store.Photo(ctx, code, id)
}
